package dev.custody.log;

import org.jspecify.annotations.Nullable;

/**
 * Reads the stored hashes of one tile (C2SP tlog-tiles, height 8): tile {@code (level, index)}
 * holds the hashes of tree level {@code 8 * level}, nodes {@code [256 * index, 256 * index +
 * width)}, concatenated. A tile is append-only: a partial tile is a prefix of the full tile.
 */
@FunctionalInterface
public interface TileReader {
  /** The tile's hashes as stored now (possibly partial), or null when none is stored. */
  byte @Nullable [] read(int level, long index);
}
