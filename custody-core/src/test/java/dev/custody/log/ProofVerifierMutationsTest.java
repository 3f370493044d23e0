package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A valid proof, mutated in one way, no longer verifies; each property is named by its mutation and
 * says which typed failure it must cause.
 */
class ProofVerifierMutationsTest {
  private static final int TRIES = 100;

  record Inclusion(List<byte[]> leaves, int index, List<byte[]> proof, byte[] root) {
    static Inclusion of(int size, int rawIndex, long seed) {
      List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
      int index = rawIndex % size;
      return new Inclusion(
          leaves, index, ReferenceMerkle.path(index, leaves), ReferenceMerkle.mth(leaves));
    }

    int size() {
      return leaves.size();
    }

    byte[] leaf() {
      return leaves.get(index);
    }
  }

  record Consistency(
      List<byte[]> leaves, int size1, List<byte[]> proof, byte[] root1, byte[] root2) {
    static Consistency of(int size2, int rawSize1, long seed) {
      List<byte[]> leaves = ReferenceMerkle.leaves(size2, seed);
      int size1 = 1 + (rawSize1 - 1) % size2;
      return new Consistency(
          leaves,
          size1,
          ReferenceMerkle.proof(size1, leaves),
          ReferenceMerkle.mth(leaves.subList(0, size1)),
          ReferenceMerkle.mth(leaves));
    }

    int size2() {
      return leaves.size();
    }
  }

  @Property(tries = TRIES)
  void inclusionWithFlippedBitIsARootMismatchCarryingBothRoots(
      @ForAll @IntRange(min = 2, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(size, rawIndex, seed);
    List<byte[]> proof = flip(p.proof(), at % p.proof().size(), bit);

    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(p.leaf(), p.index(), size, proof, p.root()))
        .isInstanceOfSatisfying(
            RootMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(p.root());
              assertThat(e.computed()).isNotEqualTo(p.root()).hasSize(32);
              assertThat(e.check()).isEqualTo("inclusion-proof");
            });
  }

  @Property(tries = TRIES)
  void inclusionWithWrongLeafIsARootMismatch(
      @ForAll @IntRange(min = 1, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(size, rawIndex, seed);
    byte[] otherLeaf = Rfc6962.leafHash(new byte[] {1, 2, 3});

    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(otherLeaf, p.index(), size, p.proof(), p.root()))
        .isInstanceOf(RootMismatchException.class);
  }

  @Property(tries = TRIES)
  void inclusionWithDroppedHashIsMalformed(
      @ForAll @IntRange(min = 2, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(size, rawIndex, seed);
    List<byte[]> proof = new ArrayList<>(p.proof());
    proof.remove(at % proof.size());

    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(p.leaf(), p.index(), size, proof, p.root()))
        .isInstanceOf(MalformedProofException.class);
  }

  @Property(tries = TRIES)
  void inclusionWithAddedHashIsMalformed(
      @ForAll @IntRange(min = 1, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(size, rawIndex, seed);
    List<byte[]> proof = new ArrayList<>(p.proof());
    proof.add(at % (proof.size() + 1), p.root());

    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(p.leaf(), p.index(), size, proof, p.root()))
        .isInstanceOf(MalformedProofException.class);
  }

  @Property(tries = TRIES)
  void inclusionAtWrongIndexFails(
      @ForAll @IntRange(min = 1, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll @IntRange(min = 0, max = 599) int rawOther,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(size, rawIndex, seed);
    int other = rawOther % (size + 1);
    Assume.that(other != p.index());

    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(p.leaf(), other, size, p.proof(), p.root()))
        .isInstanceOf(ProofException.class);
  }

  /**
   * A proof for one tree size does not verify against the root of another size. (Against its own
   * root it may: a proof does not bind the size, which is why sizes come from the same signed
   * checkpoint as roots.)
   */
  @Property(tries = TRIES)
  void inclusionForWrongSizeFailsAgainstThatSizesRoot(
      @ForAll @IntRange(min = 1, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int rawIndex,
      @ForAll @IntRange(min = 1, max = 600) int otherSize,
      @ForAll long seed) {
    Inclusion p = Inclusion.of(Math.max(size, otherSize), rawIndex, seed);
    List<byte[]> leaves = p.leaves();
    int small = Math.min(size, otherSize);
    Assume.that(size != otherSize && p.index() < small);
    List<byte[]> smallProof = ReferenceMerkle.path(p.index(), leaves.subList(0, small));

    assertThatThrownBy(() ->
            ProofVerifier.verifyInclusion(p.leaf(), p.index(), leaves.size(), smallProof, p.root()))
        .isInstanceOf(ProofException.class);
    assertThatThrownBy(() ->
            ProofVerifier.verifyInclusion(
                p.leaf(),
                p.index(),
                small,
                p.proof(),
                ReferenceMerkle.mth(leaves.subList(0, small))))
        .isInstanceOf(ProofException.class);
  }

  @Property(tries = TRIES)
  void consistencyWithFlippedBitIsARootMismatch(
      @ForAll @IntRange(min = 2, max = 600) int size2,
      @ForAll @IntRange(min = 1, max = 599) int rawSize1,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll long seed) {
    Consistency p = Consistency.of(size2, rawSize1, seed);
    Assume.that(!p.proof().isEmpty());
    List<byte[]> proof = flip(p.proof(), at % p.proof().size(), bit);

    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(p.size1(), size2, proof, p.root1(), p.root2()))
        .isInstanceOf(RootMismatchException.class)
        .extracting(e -> ((RootMismatchException) e).check())
        .isEqualTo("consistency-proof");
  }

  @Property(tries = TRIES)
  void consistencyWithDroppedHashIsMalformed(
      @ForAll @IntRange(min = 2, max = 600) int size2,
      @ForAll @IntRange(min = 1, max = 599) int rawSize1,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll long seed) {
    Consistency p = Consistency.of(size2, rawSize1, seed);
    Assume.that(!p.proof().isEmpty());
    List<byte[]> proof = new ArrayList<>(p.proof());
    proof.remove(at % proof.size());

    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(p.size1(), size2, proof, p.root1(), p.root2()))
        .isInstanceOf(MalformedProofException.class);
  }

  @Property(tries = TRIES)
  void consistencyWithAddedHashIsMalformed(
      @ForAll @IntRange(min = 1, max = 600) int size2,
      @ForAll @IntRange(min = 1, max = 599) int rawSize1,
      @ForAll @IntRange(min = 0, max = 63) int at,
      @ForAll long seed) {
    Consistency p = Consistency.of(size2, rawSize1, seed);
    List<byte[]> proof = new ArrayList<>(p.proof());
    proof.add(at % (proof.size() + 1), p.root1());

    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(p.size1(), size2, proof, p.root1(), p.root2()))
        .isInstanceOf(MalformedProofException.class);
  }

  @Property(tries = TRIES)
  void consistencyWithWrongRootFailsWithThatRootAsEvidence(
      @ForAll @IntRange(min = 2, max = 600) int size2,
      @ForAll @IntRange(min = 1, max = 599) int rawSize1,
      @ForAll long seed) {
    Consistency p = Consistency.of(size2, rawSize1, seed);
    Assume.that(p.size1() < size2);
    byte[] wrong = Rfc6962.leafHash(new byte[] {9});

    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(p.size1(), size2, p.proof(), p.root1(), wrong))
        .isInstanceOfSatisfying(
            RootMismatchException.class, e -> assertThat(e.expected()).isEqualTo(wrong));
  }

  @Property(tries = TRIES)
  void consistencyForWrongSizesFailsAgainstThoseSizesRoots(
      @ForAll @IntRange(min = 2, max = 600) int size2,
      @ForAll @IntRange(min = 1, max = 599) int rawSize1,
      @ForAll @IntRange(min = 1, max = 599) int rawOther,
      @ForAll boolean changeSize1,
      @ForAll long seed) {
    Consistency p = Consistency.of(size2, rawSize1, seed);
    int other = 1 + (rawOther - 1) % size2;
    int size1 = changeSize1 ? other : p.size1();
    int newSize2 = changeSize1 ? size2 : Math.max(other, p.size1());
    Assume.that(size1 != p.size1() || newSize2 != size2);
    Assume.that(
        !sameHashes(p.proof(), ReferenceMerkle.proof(size1, p.leaves().subList(0, newSize2))));
    byte[] root1 = ReferenceMerkle.mth(p.leaves().subList(0, size1));
    byte[] root2 = ReferenceMerkle.mth(p.leaves().subList(0, newSize2));

    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(size1, newSize2, p.proof(), root1, root2))
        .isInstanceOf(ProofException.class);
  }

  @Test
  void hashOfWrongLengthIsMalformed() {
    Inclusion p = Inclusion.of(7, 3, 1);
    List<byte[]> proof = new ArrayList<>(p.proof());
    proof.set(0, Arrays.copyOf(proof.get(0), 31));

    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(p.leaf(), 3, 7, proof, p.root()))
        .isInstanceOf(MalformedProofException.class)
        .hasMessageContaining("proof[0]");
  }

  @Test
  void indexEqualToSizeIsMalformed() {
    Inclusion p = Inclusion.of(7, 3, 1);
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(p.leaf(), 7, 7, p.proof(), p.root()))
        .isInstanceOf(MalformedProofException.class);
  }

  @Test
  void negativeSizeIsMalformed() {
    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(-1, 3, List.of(), new byte[32], new byte[32]))
        .isInstanceOf(MalformedProofException.class);
  }

  @Test
  void rootFromInclusionProofIsTheTreeRoot() {
    Inclusion p = Inclusion.of(13, 11, 5);
    assertThat(ProofVerifier.rootFromInclusionProof(p.leaf(), 11, 13, p.proof()))
        .isEqualTo(p.root());
  }

  @Test
  void equalNonEmptySizesWithEqualRootsVerifyWithoutAProof() {
    byte[] root = Rfc6962.leafHash(new byte[0]);
    ProofVerifier.verifyConsistency(4, 4, List.of(), root, root);
  }

  @Test
  void equalZeroSizesNeedTheEmptyRoot() {
    byte[] notEmpty = Rfc6962.leafHash(new byte[0]);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 0, List.of(), notEmpty, notEmpty))
        .isInstanceOf(RootMismatchException.class);
    ProofVerifier.verifyConsistency(0, 0, List.of(), Rfc6962.emptyRoot(), Rfc6962.emptyRoot());
  }

  private static List<byte[]> flip(List<byte[]> proof, int at, int bit) {
    List<byte[]> out = new ArrayList<>(proof);
    byte[] h = out.get(at).clone();
    h[bit / 8] ^= (byte) (1 << (bit % 8));
    out.set(at, h);
    return out;
  }

  private static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
