-- The graph tables that SqlGraphOracle reads, as V2__graph.sql and
-- V2_2__names_and_edge_attributes.sql created them before the graph moved to memory (GraphIndex):
-- copied here so that the SQL answers stay the reference the in-memory ones are tested against.

CREATE TABLE nodes (
  id          TEXT    PRIMARY KEY,          -- NodeId in normal form (docs/IDENTIFIERS.md)
  kind        TEXT    NOT NULL CHECK (kind IN ('entity', 'activity', 'agent')),  -- never changes
  type        TEXT,                         -- latest type a record stated
  name        TEXT,                         -- latest name a record stated
  first_index INTEGER NOT NULL              -- first record that named the node
) WITHOUT ROWID;

CREATE TABLE edges (
  subject   TEXT    NOT NULL,
  relation  TEXT    NOT NULL,               -- PROV name: wasGeneratedBy, used, alternateOf, ...
  object    TEXT    NOT NULL,
  log_index INTEGER NOT NULL,               -- record that asserted it
  time      INTEGER,                        -- epoch ms the producer gave, if any
  PRIMARY KEY (subject, relation, object, log_index)   -- upstream: from subject
) WITHOUT ROWID;

CREATE INDEX edges_downstream ON edges (object, relation);

CREATE TABLE node_names (
  node      TEXT    NOT NULL,
  log_index INTEGER NOT NULL,               -- record that stated it
  type      TEXT,                           -- null: this record stated no type
  name      TEXT,                           -- null: this record stated no name
  PRIMARY KEY (node, log_index)
) WITHOUT ROWID;
