package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Proofs} over a trivial in-memory reader equals the naive reference on random trees. */
class ProofsPropertiesTest {

  @Property(tries = 150)
  void rootHashEqualsReference(@ForAll @IntRange(min = 0, max = 2000) int size, @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
    assertThat(Proofs.rootHash(new MemoryHashReader(leaves), size))
        .isEqualTo(ReferenceMerkle.mth(leaves));
  }

  @Property(tries = 150)
  void inclusionProofEqualsReferenceAndVerifies(
      @ForAll @IntRange(min = 1, max = 2000) int size,
      @ForAll @IntRange(min = 0, max = 1999) int rawIndex,
      @ForAll long seed) {
    int index = rawIndex % size;
    List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
    List<byte[]> proof = Proofs.inclusion(new MemoryHashReader(leaves), index, size);

    assertThat(proof)
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(ReferenceMerkle.path(index, leaves));
    ProofVerifier.verifyInclusion(
        leaves.get(index), index, size, proof, ReferenceMerkle.mth(leaves));
  }

  @Property(tries = 150)
  void consistencyProofEqualsReferenceAndVerifies(
      @ForAll @IntRange(min = 1, max = 2000) int size2,
      @ForAll @IntRange(min = 1, max = 2000) int rawSize1,
      @ForAll long seed) {
    int size1 = 1 + (rawSize1 - 1) % size2;
    List<byte[]> leaves = ReferenceMerkle.leaves(size2, seed);
    List<byte[]> proof = Proofs.consistency(new MemoryHashReader(leaves), size1, size2);

    assertThat(proof)
        .usingElementComparator(Arrays::compare)
        .containsExactlyElementsOf(ReferenceMerkle.proof(size1, leaves));
    ProofVerifier.verifyConsistency(
        size1,
        size2,
        proof,
        ReferenceMerkle.mth(leaves.subList(0, size1)),
        ReferenceMerkle.mth(leaves));
  }

  @Property(tries = 100)
  void proofsReadAtMostTwoSubtreesPerLevel(
      @ForAll @IntRange(min = 1, max = 2000) int size,
      @ForAll @IntRange(min = 0, max = 1999) int rawIndex) {
    int index = rawIndex % size;
    int levels = 64 - Long.numberOfLeadingZeros(size);
    MemoryHashReader reader = new MemoryHashReader(ReferenceMerkle.leaves(size, 1));

    Proofs.inclusion(reader, index, size);
    Proofs.consistency(reader, index + 1, size);
    Proofs.rootHash(reader, size);

    assertThat(reader.reads()).isLessThanOrEqualTo(3 * 2 * (levels + 1));
  }

  @Test
  void consistencyIsEmptyFromTheEmptyTreeAndBetweenEqualSizes() {
    MemoryHashReader reader = new MemoryHashReader(ReferenceMerkle.leaves(5, 1));
    assertThat(Proofs.consistency(reader, 0, 5)).isEmpty();
    assertThat(Proofs.consistency(reader, 5, 5)).isEmpty();
  }

  @Test
  void indexAtOrBeyondSizeIsAnIllegalArgument() {
    MemoryHashReader reader = new MemoryHashReader(ReferenceMerkle.leaves(5, 1));
    assertThatThrownBy(() -> Proofs.inclusion(reader, 5, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shrinkingTreeIsAnIllegalArgument() {
    MemoryHashReader reader = new MemoryHashReader(ReferenceMerkle.leaves(5, 1));
    assertThatThrownBy(() -> Proofs.consistency(reader, 5, 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeArgumentsAreIllegal() {
    MemoryHashReader reader = new MemoryHashReader(ReferenceMerkle.leaves(5, 1));
    assertThatThrownBy(() -> Proofs.rootHash(reader, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.inclusion(reader, -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Proofs.consistency(reader, -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyTreeHasTheEmptyRoot() {
    assertThat(Proofs.rootHash((l, i) -> new byte[32], 0)).isEqualTo(Rfc6962.emptyRoot());
  }
}
