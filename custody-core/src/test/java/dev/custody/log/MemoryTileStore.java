package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory tile store for tests. Storing a tile checks the append-only rule: a new version
 * extends the stored one. Counts reads.
 */
final class MemoryTileStore implements TileReader {
  private final Map<String, byte[]> tiles = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();

  void store(Iterable<Tile> changed) {
    for (Tile tile : changed) {
      byte[] old = tiles.get(key(tile.level(), tile.index()));
      if (old != null) {
        assertThat(old.length).as("tile %s shrank", tile).isLessThanOrEqualTo(tile.hashes().length);
        assertThat(Arrays.copyOf(tile.hashes(), old.length))
            .as("tile %d/%d is not an extension of its stored version", tile.level(), tile.index())
            .isEqualTo(old);
      }
      tiles.put(key(tile.level(), tile.index()), tile.hashes().clone());
    }
  }

  @Override
  public byte @Nullable [] read(int level, long index) {
    reads.incrementAndGet();
    byte[] tile = tiles.get(key(level, index));
    return tile == null ? null : tile.clone();
  }

  int reads() {
    return reads.get();
  }

  Map<String, byte[]> all() {
    return Map.copyOf(tiles);
  }

  static String key(int level, long index) {
    return level + "/" + index;
  }

  /**
   * The tiles of a tree, computed naively from the reference: node j of level 8L is MTH of its
   * leaves.
   */
  static Map<String, byte[]> naiveTiles(java.util.List<byte[]> leaves) {
    Map<String, byte[]> out = new java.util.HashMap<>();
    int size = leaves.size();
    for (int level = 0; (size >>> (8 * level)) > 0; level++) {
      int span = 1 << (8 * level);
      int nodes = size >>> (8 * level);
      for (int index = 0; index * Tile.WIDTH < nodes; index++) {
        int width = Math.min(Tile.WIDTH, nodes - index * Tile.WIDTH);
        byte[] hashes = new byte[width * Rfc6962.HASH_SIZE];
        for (int j = 0; j < width; j++) {
          int first = (index * Tile.WIDTH + j) * span;
          byte[] node = ReferenceMerkle.mth(leaves.subList(first, first + span));
          System.arraycopy(node, 0, hashes, j * Rfc6962.HASH_SIZE, Rfc6962.HASH_SIZE);
        }
        out.put(key(level, index), hashes);
      }
    }
    return out;
  }
}
