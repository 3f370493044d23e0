package dev.custody.bench;

import dev.custody.log.ProofVerifier;
import dev.custody.log.Proofs;
import dev.custody.log.Rfc6962;
import dev.custody.log.TiledHashReader;
import dev.custody.store.sqlite.SqliteLogStore;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proofs at 10 million leaves on the server's read path: {@link Proofs} over a {@link
 * TiledHashReader} with the server's default cache ({@code LogConfig.DEFAULTS.tileCacheSize()},
 * 8,192 tiles) over {@link SqliteLogStore#openReadOnly}, i.e. what {@code
 * LogService.inclusionProof} and {@code consistencyProof} run after their argument checks.
 * Uniformly random leaf indexes / old sizes, so most level-0 tiles miss the cache (39,063 of them
 * versus 8,192 slots) and are read from SQLite and expanded (255 hashes). {@code cacheTiles=0}
 * shows the cost with no cache at all.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ProofBenchmark {
  @Param({"10000000"})
  public long leaves;

  /** The server's default, {@code LogConfig.DEFAULTS.tileCacheSize()}. */
  @Param({"8192"})
  public int cacheTiles;

  SqliteLogStore store;
  TiledHashReader hashes;

  @Setup(Level.Trial)
  public void open() {
    TileTreeFixture tree = TileTreeFixture.get(leaves);
    store = SqliteLogStore.openReadOnly(tree.db);
    hashes = new TiledHashReader(store, cacheTiles);
    byte[] root = Proofs.rootHash(hashes, leaves);
    if (!Arrays.equals(root, tree.root)) {
      throw new IllegalStateException("stored tiles do not give the built root");
    }
    long i = leaves / 3;
    byte[] leaf = TileTreeFixture.leaf(Rfc6962.sha256(), i);
    ProofVerifier.verifyInclusion(leaf, i, leaves, Proofs.inclusion(hashes, i, leaves), root);
    byte[] old = Proofs.rootHash(hashes, i);
    ProofVerifier.verifyConsistency(i, leaves, Proofs.consistency(hashes, i, leaves), old, root);
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  @State(Scope.Thread)
  public static class Rng {
    final SplittableRandom r = new SplittableRandom(7);
  }

  @Benchmark
  public List<byte[]> inclusion(Rng rng) {
    return Proofs.inclusion(hashes, rng.r.nextLong(leaves), leaves);
  }

  @Benchmark
  public List<byte[]> consistency(Rng rng) {
    return Proofs.consistency(hashes, 1 + rng.r.nextLong(leaves - 1), leaves);
  }
}
