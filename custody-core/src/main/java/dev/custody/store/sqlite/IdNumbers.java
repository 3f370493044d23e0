package dev.custody.store.sqlite;

import it.unimi.dsi.fastutil.HashCommon;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The graph index's node numbers by id: an open-addressing table, probed linearly, of (hash of the
 * id, number) pairs packed in one {@code long} array. The ids themselves are not in the table: a
 * slot whose hash matches reads its id through {@code idOf} (the index's node list) to compare.
 *
 * <p>Written here rather than taken from fastutil because fastutil's {@code Object2IntOpenHashMap}
 * keeps no hashes: every probe past another id reads that id's string to compare, a cache miss each
 * in a table of a million ids, and a new node (looked up before it is added) probes furthest. On
 * the committer that was a sixth of its time in batched ingest (docs/BENCHMARKS.md). Here a probe
 * compares an int beside the last one. Nothing is ever removed.
 */
final class IdNumbers {
  /** A free slot: its number half is -1, which no node number is. */
  private static final long FREE = -1L;

  private static final int MAX_CAPACITY = 1 << 30;

  private final IntFunction<String> idOf;
  private long[] slots;
  private int mask;
  private int size;
  private int maxFill;

  /** An empty table; {@code idOf} gives the id of a number this table holds. */
  IdNumbers(IntFunction<String> idOf) {
    this.idOf = idOf;
    allocate(1 << 10);
  }

  /** The number of {@code id}, or -1 if the table has none. */
  int get(String id) {
    int hash = id.hashCode();
    for (int i = HashCommon.mix(hash) & mask; ; i = (i + 1) & mask) {
      long slot = slots[i];
      int n = (int) slot;
      if (n == -1) {
        return -1;
      }
      if ((int) (slot >>> 32) == hash && idOf.apply(n).equals(id)) {
        return n;
      }
    }
  }

  /**
   * Files {@code id} under {@code n}, which {@code idOf} already answers for. The caller has just
   * found {@code id} missing: an id is never filed twice.
   */
  void put(String id, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("node numbers are not negative: " + n);
    }
    if (size >= maxFill) {
      if (slots.length == MAX_CAPACITY) {
        throw new IllegalStateException("the node table is full at " + size + " ids");
      }
      long[] old = slots;
      allocate(old.length * 2);
      for (long slot : old) {
        if (slot != FREE) {
          insert((int) (slot >>> 32), (int) slot);
        }
      }
    }
    insert(id.hashCode(), n);
    size++;
  }

  int size() {
    return size;
  }

  private void insert(int hash, int n) {
    int i = HashCommon.mix(hash) & mask;
    while (slots[i] != FREE) {
      i = (i + 1) & mask;
    }
    slots[i] = (long) hash << 32 | (n & 0xFFFF_FFFFL);
  }

  /** Three quarters full at most, as fastutil's default: the same 8 bytes a slot as its map. */
  private void allocate(int capacity) {
    slots = new long[capacity];
    Arrays.fill(slots, FREE);
    mask = capacity - 1;
    maxFill = capacity == MAX_CAPACITY ? capacity - 1 : capacity / 4 * 3;
  }
}
