package dev.custody.log;

import java.util.ArrayList;
import java.util.List;

/**
 * A trivial in-memory {@link HashReader}: every complete node of every level computed up front.
 * Counts reads, so tests can check how many subtrees a proof touches.
 */
final class MemoryHashReader implements HashReader {
  private final List<List<byte[]>> levels = new ArrayList<>();
  private int reads;

  MemoryHashReader(List<byte[]> leaves) {
    List<byte[]> level = List.copyOf(leaves);
    while (!level.isEmpty()) {
      levels.add(level);
      List<byte[]> up = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        up.add(Rfc6962.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
  }

  /** A reader over node hashes given per level (level 0 = leaves). */
  static MemoryHashReader ofLevels(List<List<byte[]>> levels) {
    MemoryHashReader r = new MemoryHashReader(List.of());
    r.levels.addAll(levels);
    return r;
  }

  @Override
  public byte[] completeHash(int level, long index) {
    reads++;
    return levels.get(level).get(Math.toIntExact(index)).clone();
  }

  int reads() {
    return reads;
  }
}
