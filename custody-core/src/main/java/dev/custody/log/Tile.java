package dev.custody.log;

/**
 * One tile: the hashes of tree level {@code 8 * level}, nodes {@code [256 * index, 256 * index +
 * width())}, concatenated 32 bytes each.
 */
public record Tile(int level, long index, byte[] hashes) {
  /** Tile height in tree levels (C2SP tlog-tiles). */
  public static final int HEIGHT = 8;

  /** Hashes in a full tile. */
  public static final int WIDTH = 1 << HEIGHT;

  public Tile {
    if (level < 0 || index < 0) {
      throw new IllegalArgumentException("negative tile coordinates");
    }
    if (hashes.length % Rfc6962.HASH_SIZE != 0 || hashes.length > WIDTH * Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("tile data is not 1..256 hashes: " + hashes.length);
    }
  }

  /** Number of hashes in this tile (256 when full). */
  public int width() {
    return hashes.length / Rfc6962.HASH_SIZE;
  }

  public boolean isFull() {
    return width() == WIDTH;
  }
}
