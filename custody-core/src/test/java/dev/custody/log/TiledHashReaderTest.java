package dev.custody.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InternalException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@link TiledHashReader}: reads subtrees from tiles, caches full tiles only. */
class TiledHashReaderTest {

  private static MemoryTileStore storeOf(List<byte[]> leaves) {
    MemoryTileStore store = new MemoryTileStore();
    store.store(new TreeAppender(store, 0).append(leaves));
    return store;
  }

  @Test
  void everyCompleteSubtreeEqualsTheReference() {
    List<byte[]> leaves = ReferenceMerkle.leaves(1000, 2);
    TiledHashReader reader = new TiledHashReader(storeOf(leaves));
    for (int level = 0; (1 << level) <= leaves.size(); level++) {
      for (int k = 0; (k + 1) << level <= leaves.size(); k++) {
        assertThat(reader.completeHash(level, k))
            .as("subtree %d/%d", level, k)
            .isEqualTo(ReferenceMerkle.mth(leaves.subList(k << level, (k + 1) << level)));
      }
    }
  }

  @Test
  void repeatedProofsReadNoTileAgain() {
    // 4096 leaves: 16 full tiles at level 0, one partial tile (width 16) at level 1.
    MemoryTileStore store = storeOf(ReferenceMerkle.leaves(4096, 3));
    List<String> reads = new ArrayList<>();
    TiledHashReader reader =
        new TiledHashReader((level, index) -> {
          reads.add(level + "/" + index);
          return store.read(level, index);
        });
    Proofs.inclusion(reader, 1000, 4096);
    assertThat(reads).contains("0/3", "1/0");
    reads.clear();

    Proofs.inclusion(reader, 1000, 4096);
    Proofs.inclusion(reader, 1001, 4096);

    // Full tiles are cached expanded; the partial one is cached as the longest row seen, which
    // covers every node these proofs need.
    assertThat(reads).isEmpty();
  }

  @Test
  void aPartialTileIsReadAgainWhenAProofNeedsNodesBeyondTheCachedRow() {
    List<byte[]> leaves = ReferenceMerkle.leaves(20, 4);
    MemoryTileStore store = new MemoryTileStore();
    TreeAppender appender = new TreeAppender(store, 0);
    store.store(appender.append(leaves.subList(0, 10)));
    TiledHashReader reader = new TiledHashReader(store);
    assertThat(Proofs.rootHash(reader, 10)).isEqualTo(ReferenceMerkle.mth(leaves.subList(0, 10)));

    store.store(appender.append(leaves.subList(10, 20)));

    assertThat(Proofs.rootHash(reader, 20)).isEqualTo(ReferenceMerkle.mth(leaves));
    assertThat(reader.cachedTiles()).isZero();
  }

  @Test
  void cacheHoldsAtMostItsCapacity() {
    MemoryTileStore store = storeOf(ReferenceMerkle.leaves(256 * 5, 5));
    TiledHashReader reader = new TiledHashReader(store, 2);
    for (int tile = 0; tile < 5; tile++) {
      reader.completeHash(0, tile * 256L);
    }
    assertThat(reader.cachedTiles()).isEqualTo(2);
  }

  @Test
  void putFullTileServesReadsWithoutTheStore() {
    List<byte[]> leaves = ReferenceMerkle.leaves(256, 6);
    MemoryTileStore empty = new MemoryTileStore();
    TiledHashReader reader = new TiledHashReader(empty);
    byte[] row = new byte[256 * 32];
    for (int i = 0; i < 256; i++) {
      System.arraycopy(leaves.get(i), 0, row, i * 32, 32);
    }

    reader.put(new Tile(0, 0, row));

    assertThat(reader.completeHash(7, 1)).isEqualTo(ReferenceMerkle.mth(leaves.subList(128, 256)));
    assertThat(empty.reads()).isZero();
  }

  @Test
  void invalidatedTileIsReadAgain() {
    MemoryTileStore store = storeOf(ReferenceMerkle.leaves(256, 7));
    TiledHashReader reader = new TiledHashReader(store);
    reader.completeHash(0, 0);
    reader.invalidate(0, 0);

    reader.completeHash(0, 0);

    assertThat(store.reads()).isEqualTo(2);
  }

  @Test
  void missingTileIsAnInternalError() {
    TiledHashReader reader = new TiledHashReader(new MemoryTileStore());
    assertThatThrownBy(() -> reader.completeHash(3, 0)).isInstanceOf(InternalException.class);
  }

  @Test
  void tileTooShortForTheSubtreeIsAnInternalError() {
    MemoryTileStore store = storeOf(ReferenceMerkle.leaves(3, 8));
    TiledHashReader reader = new TiledHashReader(store);
    assertThatThrownBy(() -> reader.completeHash(2, 0)).isInstanceOf(InternalException.class);
  }

  @Test
  void concurrentReadersGetReferenceProofs() throws Exception {
    int size = 3000;
    List<byte[]> leaves = ReferenceMerkle.leaves(size, 9);
    TiledHashReader reader = new TiledHashReader(storeOf(leaves), 3);
    List<List<byte[]>> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      expected.add(ReferenceMerkle.path(i * 73, leaves));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(() -> {
              for (int round = 0; round < 5; round++) {
                for (int i = 0; i < expected.size(); i++) {
                  List<byte[]> proof = Proofs.inclusion(reader, i * 73, size);
                  if (!sameHashes(proof, expected.get(i))) {
                    return false;
                  }
                }
              }
              return true;
            }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    }
  }

  private static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
    return a.size() == b.size()
        && java.util.stream.IntStream.range(0, a.size())
            .allMatch(i -> Arrays.equals(a.get(i), b.get(i)));
  }
}
