-- The provenance graph: a projection of the log, written in the same transaction as the
-- records that state it (SqliteLogStore.append). Every row carries the log index of the
-- record that stated it, so "the graph as of log size N" is a filter on index < N, and the
-- whole graph can be rebuilt from the records alone.

CREATE TABLE nodes (
  id          TEXT    PRIMARY KEY,          -- NodeId in normal form (docs/IDENTIFIERS.md)
  kind        TEXT    NOT NULL CHECK (kind IN ('entity', 'activity', 'agent')),  -- never changes
  type        TEXT,                         -- latest type a record stated
  name        TEXT,                         -- latest name a record stated
  first_index INTEGER NOT NULL              -- first record that named the node
) WITHOUT ROWID;

CREATE TABLE node_attributes (
  node      TEXT    NOT NULL,
  name      TEXT    NOT NULL,
  value     TEXT    NOT NULL,               -- RFC 8785 canonical JSON
  log_index INTEGER NOT NULL,               -- record that stated it
  PRIMARY KEY (node, log_index, name)
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

CREATE TABLE mentions (
  node      TEXT    NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (node, log_index)
) WITHOUT ROWID;

CREATE TABLE record_meta (
  log_index   INTEGER PRIMARY KEY,          -- records.idx of a record that states provenance
  producer    TEXT    NOT NULL,             -- node id of the producing agent
  claimed_at  INTEGER NOT NULL,             -- epoch ms the producer claims
  received_at INTEGER NOT NULL              -- epoch ms the server received it
);
