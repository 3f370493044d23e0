package dev.custody.bench;

import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.sqlite.SqliteLogStore;
import java.nio.file.Path;
import java.time.Clock;
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
 * Time from an append's acknowledgement to the signed checkpoint that covers it, with {@link
 * LogConfig#DEFAULTS} (checkpoint at most 500 ms after a commit). The append (one record) runs in
 * the per-invocation setup, so the timed part starts at the acknowledgement and ends when {@code
 * awaitCheckpoint} completes.
 *
 * <p>{@code arrival=random} waits a random 0..999 ms before appending, so appends land at random
 * phases of the checkpoint schedule (as independent clients do). {@code arrival=backToBack} appends
 * right after the previous checkpoint: the worst case, the full interval.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 4, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Thread)
public class CheckpointLatencyBenchmark {
  @Param({"random", "backToBack"})
  public String arrival;

  final RecordFactory factory = new RecordFactory(System.nanoTime());
  final SplittableRandom rng = new SplittableRandom(11);
  Path dir;
  LogService log;
  long seq;
  long ackedSize;

  @Setup(Level.Trial)
  public void open() {
    dir = BenchSupport.tempDir("checkpoint");
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    Ed25519CheckpointSigner signer =
        new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/checkpoint"));
    log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC());
  }

  @Setup(Level.Invocation)
  public void appendAndAck() throws Exception {
    if (arrival.equals("random")) {
      Thread.sleep(rng.nextInt(1000));
    }
    ackedSize = log.append(factory.batch(seq++, 1)).get().logSize();
  }

  @Benchmark
  public StoredCheckpoint ackToCheckpoint() throws Exception {
    return log.awaitCheckpoint(ackedSize).get();
  }

  @TearDown(Level.Trial)
  public void close() {
    log.close();
    BenchSupport.deleteTree(dir);
  }
}
