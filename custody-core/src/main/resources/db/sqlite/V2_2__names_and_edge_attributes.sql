-- Type and name history, and edge attributes (version 2.2).
--
-- nodes.type / nodes.name keep the latest statement (what search and /v1/nodes answer); every
-- statement of a type or a name is also kept here with the record that made it, so an answer as
-- of an earlier log size shows the type and name as they stood then (the latest non-null type and
-- the latest non-null name below that size).
CREATE TABLE node_names (
  node      TEXT    NOT NULL,
  log_index INTEGER NOT NULL,               -- record that stated it
  type      TEXT,                           -- null: this record stated no type
  name      TEXT,                           -- null: this record stated no name
  PRIMARY KEY (node, log_index)
) WITHOUT ROWID;

-- Graphs written before this version kept only the latest type and name: they are dated to the
-- node's first record. `custody reindex` rebuilds the full history from the log.
INSERT INTO node_names(node, log_index, type, name)
  SELECT id, first_index, type, name FROM nodes WHERE type IS NOT NULL OR name IS NOT NULL;

-- The attributes a record stated on a relation (role, PROV attributes, ...), one row per
-- attribute of one stored edge (edges' key plus the name). Graphs written before this version
-- have none; `custody reindex` restores them from the log.
CREATE TABLE edge_attributes (
  subject   TEXT    NOT NULL,
  relation  TEXT    NOT NULL,
  object    TEXT    NOT NULL,
  log_index INTEGER NOT NULL,
  name      TEXT    NOT NULL,
  value     TEXT    NOT NULL,               -- RFC 8785 canonical JSON
  PRIMARY KEY (subject, relation, object, log_index, name)
) WITHOUT ROWID;
