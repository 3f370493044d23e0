-- The log: records by index, the tiles of the Merkle tree, every checkpoint published.
-- Nothing here is updated in place except the right-edge (partial) tile of each level,
-- which only ever grows (a partial tile is a prefix of the full one).

CREATE TABLE records (
  idx         INTEGER PRIMARY KEY,          -- log index, 0-based, contiguous
  id          BLOB    NOT NULL UNIQUE,      -- SHA-256 of body (32 bytes)
  body        BLOB    NOT NULL,             -- RFC 8785 canonical JSON, UTF-8
  received_at INTEGER NOT NULL              -- epoch milliseconds
);

CREATE TABLE tiles (
  level  INTEGER NOT NULL,                  -- tile level (tree level 8 * level)
  idx    INTEGER NOT NULL,                  -- tile index within the level
  hashes BLOB    NOT NULL,                  -- 1..256 concatenated 32-byte hashes
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  size       INTEGER PRIMARY KEY,           -- tree size the checkpoint commits to
  root       BLOB    NOT NULL,              -- root hash (32 bytes)
  note       TEXT    NOT NULL,              -- the signed note, exactly as served
  created_at INTEGER NOT NULL               -- epoch milliseconds
);
