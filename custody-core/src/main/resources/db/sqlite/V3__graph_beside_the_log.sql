-- The graph beside the log (version 3; docs/LOG-FORMAT.md, "The graph beside the log").
--
-- Until version 2.5 every native record added ~15 rows at random places in six text-keyed B-trees
-- (nodes, node_attributes, edges and its downstream index, mentions, node_names, edge_attributes):
-- each commit wrote every page it touched to the WAL, which capped ingest at a few thousand records
-- a second (docs/BENCHMARKS.md). Every query already read the graph from the in-memory index
-- (GraphIndex), which the store loads at start and keeps current. So the disk now keeps one row per
-- record that states provenance, appended in log order like the records themselves: the record's
-- projection (GraphCodec). The index loads from these rows; a node's or an edge's attributes are
-- read from the rows of the records that stated them. record_meta (the clocks, by log index) stays.
CREATE TABLE graph_records (
  log_index INTEGER PRIMARY KEY,            -- records.idx of a record that states provenance
  body      BLOB    NOT NULL                -- its projection: nodes and edges (GraphCodec)
);

-- A store written before this version: its graph is rebuilt from the log (the source of truth)
-- when it is next served or reindexed. Until then the graph is empty, never half old.
CREATE TABLE graph_rebuild (
  reason TEXT NOT NULL
);
INSERT INTO graph_rebuild(reason)
  SELECT 'the graph moved to graph_records (schema version 3)'
  WHERE EXISTS (SELECT 1 FROM record_meta);
DELETE FROM record_meta;

DROP TABLE edge_attributes;
DROP TABLE node_names;
DROP TABLE mentions;
DROP TABLE edges;
DROP TABLE node_attributes;
DROP TABLE nodes;
