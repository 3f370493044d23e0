package dev.custody.log;

/**
 * The coordinates of one tile resource (C2SP tlog-tiles): a hash tile {@code (level, index)} or,
 * when {@code entries}, the entry bundle {@code index} (then {@code level} is 0). {@code width} is
 * 1..256; 256 means the full tile.
 */
public record TileCoord(boolean entries, int level, long index, int width) {
  public TileCoord {
    if (level < 0 || level > TilePath.MAX_LEVEL || (entries && level != 0)) {
      throw new IllegalArgumentException("bad tile level " + level);
    }
    if (index < 0) {
      throw new IllegalArgumentException("negative tile index " + index);
    }
    if (width < 1 || width > Tile.WIDTH) {
      throw new IllegalArgumentException("tile width not in 1..256: " + width);
    }
  }

  /** True when this is a full (256-wide) tile. */
  public boolean isFull() {
    return width == Tile.WIDTH;
  }

  /** The canonical path of this tile, starting with {@code tile/}. */
  public String path() {
    return entries ? TilePath.entriesPath(index, width) : TilePath.tilePath(level, index, width);
  }
}
