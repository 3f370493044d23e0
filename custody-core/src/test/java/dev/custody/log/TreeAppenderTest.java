package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TreeAppender} fed in random batches builds the tiles and roots of the reference tree. */
class TreeAppenderTest {
  private static final int BIG = 65_537;
  private static List<byte[]> bigLeaves;
  private static MemoryTileStore bigStore;
  private static TreeAppender bigAppender;

  @BeforeAll
  static void appendBigTree() {
    bigLeaves = ReferenceMerkle.leaves(BIG, 42);
    bigStore = new MemoryTileStore();
    bigAppender = new TreeAppender(bigStore, 0);
    feed(bigAppender, bigStore, bigLeaves, 0, new Random(7), 3000);
  }

  @Property(tries = 60)
  void rootAfterEveryBatchEqualsReference(
      @ForAll @IntRange(min = 0, max = 2000) int size,
      @ForAll @IntRange(min = 1, max = 700) int maxBatch,
      @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
    MemoryTileStore store = new MemoryTileStore();
    TreeAppender appender = new TreeAppender(store, 0);
    Random random = new Random(seed);
    int done = 0;
    while (done < size) {
      int n = Math.min(size - done, 1 + random.nextInt(maxBatch));
      store.store(appender.append(leaves.subList(done, done + n)));
      done += n;
      assertThat(appender.size()).isEqualTo(done);
      assertThat(appender.rootHash()).isEqualTo(ReferenceMerkle.mth(leaves.subList(0, done)));
    }
    assertThat(appender.rootHash()).isEqualTo(ReferenceMerkle.mth(leaves));
  }

  @Property(tries = 60)
  void storedTilesEqualTilesComputedFromTheReference(
      @ForAll @IntRange(min = 0, max = 2000) int size,
      @ForAll @IntRange(min = 1, max = 700) int maxBatch,
      @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
    MemoryTileStore store = new MemoryTileStore();
    feed(new TreeAppender(store, 0), store, leaves, 0, new Random(seed), maxBatch);

    assertSameTiles(store.all(), MemoryTileStore.naiveTiles(leaves));
  }

  @Property(tries = 60)
  void proofsOverAppenderAndOverStoredTilesEqualReference(
      @ForAll @IntRange(min = 1, max = 2000) int size,
      @ForAll @IntRange(min = 0, max = 1999) int rawIndex,
      @ForAll @IntRange(min = 1, max = 700) int maxBatch,
      @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(size, seed);
    MemoryTileStore store = new MemoryTileStore();
    TreeAppender appender = new TreeAppender(store, 0);
    feed(appender, store, leaves, 0, new Random(seed), maxBatch);
    int index = rawIndex % size;

    for (HashReader reader : List.of(appender.hashReader(), new TiledHashReader(store, 4))) {
      assertThat(Proofs.rootHash(reader, size)).isEqualTo(ReferenceMerkle.mth(leaves));
      assertThat(Proofs.inclusion(reader, index, size))
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(ReferenceMerkle.path(index, leaves));
      assertThat(Proofs.consistency(reader, index + 1, size))
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(ReferenceMerkle.proof(index + 1, leaves));
    }
  }

  @Property(tries = 40)
  void resumedAppenderContinuesTheSameTree(
      @ForAll @IntRange(min = 0, max = 1500) int first,
      @ForAll @IntRange(min = 0, max = 800) int more,
      @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(first + more, seed);
    MemoryTileStore store = new MemoryTileStore();
    feed(new TreeAppender(store, 0), store, leaves.subList(0, first), 0, new Random(seed), 300);

    TreeAppender resumed = new TreeAppender(store, first);
    feed(resumed, store, leaves, first, new Random(seed), 300);

    assertThat(resumed.rootHash()).isEqualTo(ReferenceMerkle.mth(leaves));
    assertSameTiles(store.all(), MemoryTileStore.naiveTiles(leaves));
  }

  @Property(tries = 40)
  void eachChangedTileIsReturnedOnceWithItsLatestContent(
      @ForAll @IntRange(min = 0, max = 1000) int before,
      @ForAll @IntRange(min = 1, max = 1500) int batch,
      @ForAll long seed) {
    List<byte[]> leaves = ReferenceMerkle.leaves(before + batch, seed);
    MemoryTileStore store = new MemoryTileStore();
    TreeAppender appender = new TreeAppender(store, 0);
    store.store(appender.append(leaves.subList(0, before)));

    List<Tile> changed = appender.append(leaves.subList(before, before + batch));

    Set<String> seen = new HashSet<>();
    Map<String, byte[]> naive = MemoryTileStore.naiveTiles(leaves);
    for (Tile tile : changed) {
      String key = MemoryTileStore.key(tile.level(), tile.index());
      assertThat(seen.add(key)).as("tile %s returned twice", key).isTrue();
      assertThat(tile.hashes()).as("tile %s", key).isEqualTo(naive.get(key));
    }
  }

  @Test
  void appendingNothingChangesNothing() {
    TreeAppender appender = new TreeAppender(new MemoryTileStore(), 0);
    assertThat(appender.append(List.of())).isEmpty();
    assertThat(appender.size()).isZero();
    assertThat(appender.rootHash()).isEqualTo(Rfc6962.emptyRoot());
  }

  @Test
  void leafHashOfWrongLengthIsRejectedBeforeAnythingIsAppended() {
    TreeAppender appender = new TreeAppender(new MemoryTileStore(), 0);
    List<byte[]> leaves = List.of(new byte[32], new byte[31]);
    assertThatThrownBy(() -> appender.append(leaves)).isInstanceOf(IllegalArgumentException.class);
    assertThat(appender.size()).isZero();
  }

  @Test
  void the256thLeafCompletesATileAndStartsTheNextLevel() {
    List<byte[]> leaves = ReferenceMerkle.leaves(257, 3);
    TreeAppender appender = new TreeAppender(new MemoryTileStore(), 0);
    appender.append(leaves.subList(0, 255));

    List<Tile> changed = appender.append(leaves.subList(255, 257));

    assertThat(changed)
        .extracting(t -> t.level() + "/" + t.index() + "w" + t.width())
        .containsExactly("0/0w256", "0/1w1", "1/0w1");
  }

  @Test
  void treeOf65537LeavesHasTheReferenceRoot() {
    assertThat(bigAppender.size()).isEqualTo(BIG);
    assertThat(bigAppender.rootHash()).isEqualTo(ReferenceMerkle.mth(bigLeaves));
  }

  @Test
  void treeOf65537LeavesHasTheReferenceTiles() {
    Map<String, byte[]> stored = bigStore.all();
    assertThat(stored).containsKeys("0/256", "1/0", "2/0");
    assertThat(stored.get("0/256")).hasSize(32);
    assertThat(stored.get("2/0")).hasSize(32);
    assertSameTiles(stored, MemoryTileStore.naiveTiles(bigLeaves));
  }

  @Test
  void treeOf65537LeavesGivesReferenceProofsAcrossTileBoundaries() {
    HashReader reader = new TiledHashReader(bigStore);
    for (int index : new int[] {0, 255, 256, 12_345, 65_535, 65_536}) {
      List<byte[]> proof = Proofs.inclusion(reader, index, BIG);
      assertThat(proof)
          .as("leaf %d", index)
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(ReferenceMerkle.path(index, bigLeaves));
      ProofVerifier.verifyInclusion(
          bigLeaves.get(index), index, BIG, proof, bigAppender.rootHash());
    }
    for (int size1 : new int[] {1, 256, 257, 65_535, 65_536}) {
      assertThat(Proofs.consistency(reader, size1, BIG))
          .as("%d -> %d", size1, BIG)
          .usingElementComparator(Arrays::compare)
          .containsExactlyElementsOf(ReferenceMerkle.proof(size1, bigLeaves));
    }
  }

  @Test
  void appendingOneByOneGivesTheSameTilesAsOneBatch() {
    List<byte[]> leaves = ReferenceMerkle.leaves(600, 11);
    MemoryTileStore oneByOne = new MemoryTileStore();
    TreeAppender a = new TreeAppender(oneByOne, 0);
    for (byte[] leaf : leaves) {
      oneByOne.store(a.append(List.of(leaf)));
    }
    MemoryTileStore batch = new MemoryTileStore();
    batch.store(new TreeAppender(batch, 0).append(leaves));

    assertSameTiles(oneByOne.all(), batch.all());
  }

  private static void feed(
      TreeAppender appender,
      MemoryTileStore store,
      List<byte[]> leaves,
      int from,
      Random random,
      int maxBatch) {
    int done = from;
    while (done < leaves.size()) {
      int n = Math.min(leaves.size() - done, 1 + random.nextInt(maxBatch));
      store.store(appender.append(leaves.subList(done, done + n)));
      done += n;
    }
  }

  private static void assertSameTiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    List<String> differing = new ArrayList<>();
    expected.forEach((key, hashes) -> {
      if (!Arrays.equals(hashes, actual.get(key))) {
        differing.add(key);
      }
    });
    assertThat(differing).as("tiles differing from the reference").isEmpty();
  }
}
