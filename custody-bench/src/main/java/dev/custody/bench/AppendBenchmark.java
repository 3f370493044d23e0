package dev.custody.bench;

import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.log.LogEntry;
import dev.custody.log.Tile;
import dev.custody.log.TreeAppender;
import dev.custody.model.CanonicalRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.StoredRecord;
import dev.custody.store.sqlite.SqliteLogStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable batched appends: 1,000 distinct records of about 500 bytes per operation. Scores are
 * records per second (one operation = 1,000 records).
 *
 * <ul>
 *   <li>{@code logService}: {@code LogService.append(batch).get()} on a fresh {@link
 *       SqliteLogStore}: dedup lookup, leaf hashes, tree update, one transaction (records and
 *       tiles), fsync, acknowledgement; checkpoints every 500 ms as configured by default.
 *   <li>{@code storeAppend}: the same minus the service: TreeAppender plus {@code
 *       SqliteLogStore.append} (no dedup lookup, no sequencer hand-off, no checkpoints).
 *   <li>{@code rawSqlite}: the baseline: the same rows (id BLOB, body BLOB) into one table, one
 *       transaction per 1,000 rows, same pragmas (WAL, synchronous=FULL), one reused statement.
 *   <li>{@code rawSqlite:schema=uniqueId}: a diagnostic beside the baseline: the same with a UNIQUE
 *       index on id, as the records table has (not the baseline).
 *   <li>{@code canonicalize}: {@code RecordParser.parseJson} of a 1,000-record JSON array, the work
 *       the HTTP path does before {@code append}; no I/O.
 * </ul>
 *
 * <p>Batches are generated (and hashed) in a per-invocation setup, outside the timing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g", "--enable-native-access=ALL-UNNAMED"})
@OperationsPerInvocation(AppendBenchmark.BATCH)
public class AppendBenchmark {
  static final int BATCH = 1000;

  /** A fresh data directory per trial; the next batch of distinct records per invocation. */
  @State(Scope.Thread)
  public static class Batches {
    final RecordFactory factory = new RecordFactory(System.nanoTime());
    long next;
    List<CanonicalRecord> batch;
    Path dir;

    @Setup(Level.Trial)
    public void check() {
      BenchSupport.checkCanonical(factory);
      dir = BenchSupport.tempDir("append");
    }

    @Setup(Level.Invocation)
    public void nextBatch() {
      batch = factory.batch(next, BATCH);
      next += BATCH;
    }

    @TearDown(Level.Trial)
    public void delete() {
      BenchSupport.deleteTree(dir);
    }
  }

  @State(Scope.Thread)
  public static class Service {
    LogService log;

    @Setup(Level.Trial)
    public void open(Batches b) {
      Path data = b.dir.resolve("service");
      SqliteLogStore store = SqliteLogStore.open(data.resolve("custody.db"));
      Ed25519CheckpointSigner signer =
          new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(data, "bench/append"));
      log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() {
      log.close();
    }
  }

  @State(Scope.Thread)
  public static class Store {
    SqliteLogStore store;
    TreeAppender tree;

    @Setup(Level.Trial)
    public void open(Batches b) {
      store = SqliteLogStore.open(b.dir.resolve("store").resolve("custody.db"));
      tree = new TreeAppender(store, store.size());
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  @State(Scope.Thread)
  public static class Raw {
    /**
     * {@code plain}: the baseline as specified (no index). {@code uniqueId}: the same plus a UNIQUE
     * index on id, as the records table has; shows what a random-key index costs at commit.
     */
    @Param({"plain", "uniqueId"})
    public String schema;

    Connection c;
    PreparedStatement ins;

    @Setup(Level.Trial)
    public void open(Batches b) throws Exception {
      Path db = b.dir.resolve("raw.db");
      c = DriverManager.getConnection("jdbc:sqlite:" + db);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute(
            "CREATE TABLE rows(id BLOB"
                + (schema.equals("uniqueId") ? " UNIQUE" : "")
                + ", body BLOB)");
      }
      c.setAutoCommit(false);
      ins = c.prepareStatement("INSERT INTO rows(id, body) VALUES (?, ?)");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      ins.close();
      c.close();
    }
  }

  @State(Scope.Thread)
  public static class Body {
    final RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    byte[] body;

    @Setup(Level.Trial)
    public void build() {
      body = new RecordFactory(42).arrayBody(0, BATCH);
    }
  }

  @Benchmark
  public AppendResult logService(Batches b, Service s) throws Exception {
    return s.log.append(b.batch).get();
  }

  @Benchmark
  public long storeAppend(Batches b, Store s) {
    long index = s.tree.size();
    long now = System.currentTimeMillis();
    List<StoredRecord> rows = new ArrayList<>(BATCH);
    List<byte[]> leaves = new ArrayList<>(BATCH);
    for (CanonicalRecord r : b.batch) {
      rows.add(new StoredRecord(index++, r.id(), r.canonical(), now));
      leaves.add(LogEntry.leafHash(r.id()));
    }
    List<Tile> tiles = s.tree.append(leaves);
    s.store.append(rows, tiles);
    return s.store.size();
  }

  @Benchmark
  public int rawSqlite(Batches b, Raw raw) throws Exception {
    for (CanonicalRecord r : b.batch) {
      raw.ins.setBytes(1, r.id().digest());
      raw.ins.setBytes(2, r.canonical());
      raw.ins.addBatch();
    }
    int n = raw.ins.executeBatch().length;
    raw.c.commit();
    return n;
  }

  @Benchmark
  public List<CanonicalRecord> canonicalize(Body b) {
    return b.parser.parseJson(b.body);
  }
}
