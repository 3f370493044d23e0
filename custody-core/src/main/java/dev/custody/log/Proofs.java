package dev.custody.log;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Computes RFC 9162 root hashes, inclusion proofs and consistency proofs for the tree made of the
 * first {@code size} leaves of a log, reading only perfect subtrees through a {@link HashReader}.
 *
 * <p>Cost: every method makes O(log size) {@link HashReader#completeHash} calls and O(log size)
 * node hashes, because only the right edge of a tree can be imperfect and it is decomposed into at
 * most one perfect subtree per level.
 *
 * <p>Arguments are trusted: callers validate user input first. Invalid arguments (negative values,
 * {@code index >= size}, {@code size1 > size2}) throw {@link IllegalArgumentException}. Thread safe
 * when the reader is; stateless.
 */
public final class Proofs {
  private Proofs() {}

  /** The RFC 9162 root hash of the first {@code size} leaves; the empty root when size is 0. */
  public static byte[] rootHash(HashReader reader, long size) {
    requireNonNegative("size", size);
    if (size == 0) {
      return Rfc6962.emptyRoot();
    }
    return rangeHash(reader, 0, size);
  }

  /**
   * The hash of the subtree over leaves {@code [begin, end)}, where the range is a node of an RFC
   * 9162 tree: {@code begin} is a multiple of the largest power of two not exceeding {@code end -
   * begin} rounded up (for example a right-edge subtree {@code [k, n)} with {@code k} a multiple of
   * the smallest power of two {@code >= n - k}). The range is split into maximal aligned perfect
   * subtrees, read, and folded right to left.
   *
   * @throws IllegalArgumentException if {@code begin < 0} or {@code end <= begin}
   */
  public static byte[] rangeHash(HashReader reader, long begin, long end) {
    requireNonNegative("begin", begin);
    if (end <= begin) {
      throw new IllegalArgumentException("empty range [" + begin + ", " + end + ")");
    }
    List<byte[]> parts = new ArrayList<>();
    long at = begin;
    while (at < end) {
      int level = maxAlignedLevel(at, end - at);
      parts.add(reader.completeHash(level, at >>> level));
      at += 1L << level;
    }
    byte[] acc = parts.getLast();
    for (int i = parts.size() - 2; i >= 0; i--) {
      acc = Rfc6962.nodeHash(parts.get(i), acc);
    }
    return acc;
  }

  /**
   * The RFC 9162 §2.1.3.1 inclusion proof of leaf {@code index} in the tree of {@code size} leaves:
   * sibling hashes from the leaf up to the root.
   */
  public static List<byte[]> inclusion(HashReader reader, long index, long size) {
    requireNonNegative("index", index);
    if (index >= size) {
      throw new IllegalArgumentException("index " + index + " >= size " + size);
    }
    List<byte[]> topDown = new ArrayList<>();
    long lo = 0;
    long hi = size;
    while (hi - lo > 1) {
      long k = largestPowerOfTwoBelow(hi - lo);
      if (index < lo + k) {
        topDown.add(rangeHash(reader, lo + k, hi));
        hi = lo + k;
      } else {
        topDown.add(perfect(reader, lo, k));
        lo += k;
      }
    }
    return Collections.unmodifiableList(topDown.reversed());
  }

  /**
   * The RFC 9162 §2.1.4.1 consistency proof from the tree of {@code size1} leaves to the tree of
   * {@code size2} leaves. Empty when {@code size1 == size2} or {@code size1 == 0}.
   */
  public static List<byte[]> consistency(HashReader reader, long size1, long size2) {
    requireNonNegative("size1", size1);
    if (size1 > size2) {
      throw new IllegalArgumentException("size1 " + size1 + " > size2 " + size2);
    }
    if (size1 == 0 || size1 == size2) {
      return List.of();
    }
    // SUBPROOF(m, D[lo:hi], b) unrolled; hashes found on the way down come last in the proof.
    List<byte[]> reversed = new ArrayList<>();
    long lo = 0;
    long hi = size2;
    long m = size1;
    boolean wholeOldTree = true;
    while (m != hi - lo) {
      long k = largestPowerOfTwoBelow(hi - lo);
      if (m <= k) {
        reversed.add(rangeHash(reader, lo + k, hi));
        hi = lo + k;
      } else {
        reversed.add(perfect(reader, lo, k));
        lo += k;
        m -= k;
        wholeOldTree = false;
      }
    }
    if (!wholeOldTree) {
      reversed.add(perfect(reader, lo, m));
    }
    return Collections.unmodifiableList(reversed.reversed());
  }

  /** The perfect subtree over {@code [begin, begin + width)}; width is a power of two. */
  private static byte[] perfect(HashReader reader, long begin, long width) {
    int level = Long.numberOfTrailingZeros(width);
    return reader.completeHash(level, begin >>> level);
  }

  /** The largest level h with {@code at} a multiple of 2^h and 2^h <= remaining. */
  private static int maxAlignedLevel(long at, long remaining) {
    int bySize = 63 - Long.numberOfLeadingZeros(remaining);
    return at == 0 ? bySize : Math.min(bySize, Long.numberOfTrailingZeros(at));
  }

  /** The largest power of two strictly less than {@code n}, for n >= 2. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " is negative: " + value);
    }
  }
}
