package dev.custody.log;

/**
 * Arithmetic on C2SP tiles of height 8 in a tree of a given size. Tile level {@code L} holds tree
 * level {@code 8L}, which has {@code size >> 8L} complete nodes. Stateless; thread safe.
 */
public final class TileMath {
  private TileMath() {}

  /** The number of complete nodes at {@code treeLevel} in a tree of {@code size} leaves. */
  public static long completeNodes(long size, int treeLevel) {
    if (size < 0 || treeLevel < 0) {
      throw new IllegalArgumentException("negative size or level");
    }
    return treeLevel >= Long.SIZE ? 0 : size >>> treeLevel;
  }

  /**
   * The width (0..256) of tile {@code (level, index)} in a tree of {@code size} leaves: 0 when the
   * tile does not exist yet, 256 when it is full, otherwise the width of the partial tile. Entry
   * bundles have the width of the level-0 tile with the same index.
   */
  public static int width(long size, int level, long index) {
    if (level < 0 || index < 0) {
      throw new IllegalArgumentException("negative tile coordinates");
    }
    long nodes = completeNodes(size, level * Tile.HEIGHT);
    long start = index * Tile.WIDTH;
    if (index > Long.MAX_VALUE / Tile.WIDTH || nodes <= start) {
      return 0;
    }
    return (int) Math.min(Tile.WIDTH, nodes - start);
  }
}
