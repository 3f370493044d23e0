-- The log: records by index, the tiles of the Merkle tree, every checkpoint published.
-- Nothing here is updated in place except the right-edge (partial) tile of each level,
-- which only ever grows (a partial tile is a prefix of the full one).

CREATE TABLE records (
  idx         INTEGER PRIMARY KEY,          -- log index, 0-based, contiguous
  id          BLOB    NOT NULL,             -- SHA-256 of body (32 bytes); unique, see below
  body        BLOB    NOT NULL,             -- RFC 8785 canonical JSON, UTF-8
  received_at INTEGER NOT NULL              -- epoch milliseconds
);

-- No index on records.id: ids are random, so a B-tree index dirties about one page per
-- record and caps durable appends at a quarter of a plain insert. SqliteLogStore keeps the
-- id -> index map in memory (IdIndex, rebuilt from this table at start) and refuses to store
-- an id twice; custody verify checks that no id repeats.

CREATE TABLE tiles (
  level  INTEGER NOT NULL CHECK (level BETWEEN 0 AND 7),  -- tile level (tree level 8 * level)
  idx    INTEGER NOT NULL CHECK (idx >= 0),               -- tile index within the level
  hashes BLOB    NOT NULL                                 -- 1..256 concatenated 32-byte hashes
         CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  size       INTEGER PRIMARY KEY,           -- tree size the checkpoint commits to
  root       BLOB    NOT NULL,              -- root hash (32 bytes)
  note       TEXT    NOT NULL,              -- the signed note, exactly as served
  created_at INTEGER NOT NULL               -- epoch milliseconds
);
