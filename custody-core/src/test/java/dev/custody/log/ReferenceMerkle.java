package dev.custody.log;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 written out literally and recursively over a list of leaf hashes: MTH, PATH and
 * PROOF/SUBPROOF. Slow (MTH is linear) and obviously correct; the fast code is checked against it.
 */
final class ReferenceMerkle {
  private ReferenceMerkle() {}

  /** MTH(D[0:n]) over already-hashed leaves. */
  static byte[] mth(List<byte[]> leaves) {
    int n = leaves.size();
    if (n == 0) {
      return Rfc6962.emptyRoot();
    }
    if (n == 1) {
      return leaves.getFirst();
    }
    int k = k(n);
    return Rfc6962.nodeHash(mth(leaves.subList(0, k)), mth(leaves.subList(k, n)));
  }

  /** PATH(m, D[0:n]). */
  static List<byte[]> path(int m, List<byte[]> leaves) {
    int n = leaves.size();
    List<byte[]> out = new ArrayList<>();
    if (n == 1) {
      return out;
    }
    int k = k(n);
    if (m < k) {
      out.addAll(path(m, leaves.subList(0, k)));
      out.add(mth(leaves.subList(k, n)));
    } else {
      out.addAll(path(m - k, leaves.subList(k, n)));
      out.add(mth(leaves.subList(0, k)));
    }
    return out;
  }

  /** PROOF(m, D[0:n]) for 0 < m <= n (empty for m == n). */
  static List<byte[]> proof(int m, List<byte[]> leaves) {
    return subproof(m, leaves, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
    int n = leaves.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(leaves));
      }
      return out;
    }
    int k = k(n);
    if (m <= k) {
      out.addAll(subproof(m, leaves.subList(0, k), b));
      out.add(mth(leaves.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, leaves.subList(k, n), false));
      out.add(mth(leaves.subList(0, k)));
    }
    return out;
  }

  /** The largest power of two smaller than n (n > 1). */
  private static int k(int n) {
    int k = 1;
    while (k << 1 < n) {
      k <<= 1;
    }
    return k;
  }

  /** Leaf hashes of entries made from {@code seed} and the leaf number, distinct per leaf. */
  static List<byte[]> leaves(int count, long seed) {
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String entry = "entry-" + seed + "-" + i;
      out.add(Rfc6962.leafHash(entry.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return out;
  }
}
