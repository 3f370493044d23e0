package dev.custody.log;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs. Pure: bytes in, verdict
 * out; no I/O, no state; thread safe.
 *
 * <p>Every method returns normally only if the proof checks out. Otherwise it throws a {@link
 * ProofException}: a {@link MalformedProofException} when the proof cannot fit the claimed sizes
 * (decided before any hashing: negative or out-of-range sizes and indexes, a wrong number of
 * hashes, a hash that is not 32 bytes), or a {@link RootMismatchException} carrying the claimed and
 * computed roots. Arguments are untrusted and never cause other exceptions, except
 * NullPointerException for null arguments.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose
   * root is {@code root}.
   *
   * <p>An inclusion proof does not bind the tree size by itself: the same hashes can verify for
   * another size whose hashing pattern is the same. Take {@code size} and {@code root} from the
   * same signed checkpoint.
   *
   * @throws MalformedProofException if {@code index >= size}, a hash is not 32 bytes, or the proof
   *     length is not the one the position requires
   * @throws RootMismatchException if the proof leads to another root
   */
  public static void verifyInclusion(
      byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
    byte[] computed = rootFromInclusionProof(leafHash, index, size, proof);
    if (!MessageDigest.isEqual(computed, root)) {
      throw new RootMismatchException(ProofException.INCLUSION, "root", root, computed);
    }
  }

  /**
   * The root of the tree of {@code size} leaves implied by an inclusion proof of {@code leafHash}
   * at {@code index}; useful when the trusted root comes later (for example from a checkpoint).
   *
   * @throws MalformedProofException as for {@link #verifyInclusion}
   */
  public static byte[] rootFromInclusionProof(
      byte[] leafHash, long index, long size, List<byte[]> proof) {
    String check = ProofException.INCLUSION;
    if (index < 0 || size < 0) {
      throw new MalformedProofException(check, "negative index or size");
    }
    if (index >= size) {
      throw new MalformedProofException(check, "index " + index + " >= size " + size);
    }
    requireHash(check, "leaf hash", leafHash);
    requireHashes(check, proof);
    int expected = inclusionProofLength(index, size);
    if (proof.size() != expected) {
      throw new MalformedProofException(
          check,
          "proof has "
              + proof.size()
              + " hashes, leaf "
              + index
              + " of "
              + size
              + " needs "
              + expected);
    }
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        throw new MalformedProofException(check, "proof longer than the path to the root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new MalformedProofException(check, "proof shorter than the path to the root");
    }
    return r;
  }

  /**
   * Checks that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree of
   * {@code size2} leaves with root {@code root2}.
   *
   * <p>Equal sizes need an empty proof and equal roots; a tree of size 0 has exactly one root,
   * {@link Rfc6962#emptyRoot()}, so for {@code size1 == size2 == 0} both roots must be that. {@code
   * size1 == 0 < size2} is rejected as malformed: every tree extends the empty tree, so such a
   * "proof" would prove nothing and is a sign of a confused caller.
   *
   * @throws MalformedProofException if sizes are negative, {@code size1 > size2}, {@code size1 == 0
   *     < size2}, a proof hash is not 32 bytes, or the proof length is not the one the sizes
   *     require
   * @throws RootMismatchException if the proof leads to another {@code root1} or {@code root2}
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    String check = ProofException.CONSISTENCY;
    if (size1 < 0 || size2 < 0) {
      throw new MalformedProofException(check, "negative size");
    }
    if (size1 > size2) {
      throw new MalformedProofException(check, "size1 " + size1 + " > size2 " + size2);
    }
    if (size1 == size2) {
      verifyEqualSizes(size1, proof, root1, root2);
      return;
    }
    if (size1 == 0) {
      throw new MalformedProofException(check, "consistency from the empty tree proves nothing");
    }
    requireHashes(check, proof);
    int expected = consistencyProofLength(size1, size2);
    if (proof.size() != expected) {
      throw new MalformedProofException(
          check,
          "proof has "
              + proof.size()
              + " hashes, sizes "
              + size1
              + " -> "
              + size2
              + " need "
              + expected);
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(size1) == 1) {
      path.add(root1);
    }
    path.addAll(proof);
    long fn = size1 - 1;
    long sn = size2 - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    byte[] fr = path.getFirst();
    byte[] sr = path.getFirst();
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw new MalformedProofException(check, "proof longer than the path to the root");
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new MalformedProofException(check, "proof shorter than the path to the root");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new RootMismatchException(check, "root1", root1, fr);
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new RootMismatchException(check, "root2", root2, sr);
    }
  }

  private static void verifyEqualSizes(long size, List<byte[]> proof, byte[] root1, byte[] root2) {
    String check = ProofException.CONSISTENCY;
    if (!proof.isEmpty()) {
      throw new MalformedProofException(check, "equal sizes need an empty proof");
    }
    if (size == 0) {
      byte[] empty = Rfc6962.emptyRoot();
      if (!MessageDigest.isEqual(root1, empty)) {
        throw new RootMismatchException(check, "root1", root1, empty);
      }
    }
    if (!MessageDigest.isEqual(root1, root2)) {
      throw new RootMismatchException(check, "root2", root2, root1);
    }
  }

  /**
   * The number of hashes in an inclusion proof of leaf {@code index} in a tree of {@code size}: the
   * levels below the point where the paths to {@code index} and to the last leaf split, plus one
   * per left-sibling on the shared path above it.
   */
  static int inclusionProofLength(long index, long size) {
    int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  /**
   * The number of hashes in a consistency proof from {@code size1} to {@code size2} (0 < size1 <
   * size2): the inclusion proof of the old tree's last perfect subtree, seen as one node at its
   * level, plus that node itself unless it is the whole old tree.
   */
  static int consistencyProofLength(long size1, long size2) {
    int level = Long.numberOfTrailingZeros(size1);
    long node = (size1 - 1) >>> level;
    long nodes = ((size2 - 1) >>> level) + 1;
    return (node == 0 ? 0 : 1) + inclusionProofLength(node, nodes);
  }

  private static void requireHashes(String check, List<byte[]> proof) {
    for (int i = 0; i < proof.size(); i++) {
      requireHash(check, "proof[" + i + "]", proof.get(i));
    }
  }

  private static void requireHash(String check, String what, byte[] hash) {
    if (hash.length != Rfc6962.HASH_SIZE) {
      throw new MalformedProofException(
          check, what + " is " + hash.length + " bytes, not " + Rfc6962.HASH_SIZE);
    }
  }
}
