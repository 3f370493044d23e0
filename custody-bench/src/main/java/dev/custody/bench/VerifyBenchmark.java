package dev.custody.bench;

import dev.custody.log.note.NoteVerifiers;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.verify.LogVerifier;
import dev.custody.verify.StoreLogSource;
import dev.custody.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code custody verify} over a data directory: {@link LogVerifier} on {@link StoreLogSource} over
 * {@link SqliteLogStore#openReadOnly}, exactly what {@code VerifyCommand} runs. One operation
 * verifies the whole log (SingleShot); leaves/s = leaves / score.
 *
 * <p>The log is built once through {@link LogService} (1,000-record batches of the ~500-byte
 * records, default checkpoint interval, so it holds real checkpoints to check) and cached under
 * {@code target/bench-cache/verify-<leaves>/}; a {@code done} file marks a complete build.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class VerifyBenchmark {
  @Param({"1000000"})
  public long leaves;

  Path dir;
  String key;

  @Setup(Level.Trial)
  public void build() throws Exception {
    dir = dataDir(leaves);
    key = Files.readString(dir.resolve(SigningKeys.PUBLIC_FILE), StandardCharsets.UTF_8).trim();
  }

  @Benchmark
  public VerifyReport verify() {
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
      VerifyReport r =
          new LogVerifier(
                  new StoreLogSource(store), NoteVerifiers.parse(key), LogVerifier.Progress.NONE)
              .run();
      if (!r.ok() || r.leaves() != leaves) {
        throw new IllegalStateException("verification failed: " + r.problems());
      }
      return r;
    }
  }

  /** The cached data directory holding a log of {@code leaves} records, built if missing. */
  static synchronized Path dataDir(long leaves) throws Exception {
    Path dir = BenchSupport.cacheDir().resolve("verify-" + leaves);
    if (Files.exists(dir.resolve("done"))) {
      return dir;
    }
    BenchSupport.deleteTree(dir);
    long t0 = System.nanoTime();
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    Ed25519CheckpointSigner signer =
        new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/verify"));
    RecordFactory f = new RecordFactory(1);
    try (LogService log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC())) {
      List<CompletableFuture<?>> inFlight = new ArrayList<>();
      for (long i = 0; i < leaves; i += 1000) {
        inFlight.add(log.append(f.batch(i, (int) Math.min(1000, leaves - i))));
        if (inFlight.size() == 8) {
          inFlight.remove(0).get();
        }
      }
      for (CompletableFuture<?> c : inFlight) {
        c.get();
      }
      log.awaitCheckpoint(leaves).get();
    }
    try {
      Files.writeString(dir.resolve("done"), leaves + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.err.printf(
        "bench: built %,d-record log in %.1f s at %s%n",
        leaves, (System.nanoTime() - t0) / 1e9, dir);
    return dir;
  }
}
