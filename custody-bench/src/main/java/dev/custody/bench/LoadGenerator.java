package dev.custody.bench;

import dev.custody.api.ApiConfig;
import dev.custody.api.ApiServer;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end HTTP load: starts the real server in this JVM ({@link ApiServer} over {@link
 * LogService} over a fresh {@link SqliteLogStore} in a temp directory, default configuration) on
 * 127.0.0.1 port 0, then N clients (one virtual thread each, a shared {@link HttpClient} speaking
 * HTTP/1.1 with keep-alive) POST one ~500-byte record per request to {@code /v1/records}, back to
 * back, for a warm-up and then a measured period. Reports acknowledged records/s and latency
 * percentiles over the measured period only; stops at the time limit or the request cap.
 *
 * <p>Usage: {@code LoadGenerator [clients=32] [warmupSeconds=5] [seconds=10] [maxRequests=2000000]
 * [records=opaque|native] [client=jdk|raw]}: {@code native} posts the native records of {@link
 * GraphGenerator} (one generator per client, seeded by the client's number), which the server
 * projects into the graph. {@code raw} replaces the JDK client by {@link RawHttpClient}, one
 * keep-alive socket per client and no more work than the bytes of a request, so that on a small
 * machine the server, not the client, gets the CPU.
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    int clients = arg(args, 0, 32);
    int warmupSeconds = arg(args, 1, 5);
    int seconds = arg(args, 2, 10);
    long maxRequests = arg(args, 3, 2_000_000);
    boolean nativeRecords = args.length > 4 && args[4].equals("native");
    boolean raw = args.length > 5 && args[5].equals("raw");
    Path dir = BenchSupport.tempDir("load");
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    LogService log =
        new LogService(
            store,
            new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/load")),
            LogConfig.DEFAULTS,
            Clock.systemUTC());
    ApiServer server = new ApiServer(log, ApiConfig.defaults().withPort(0)).start();
    try {
      run(
          URI.create("http://127.0.0.1:" + server.port() + "/v1/records"),
          clients,
          warmupSeconds,
          seconds,
          maxRequests,
          nativeRecords,
          raw);
    } finally {
      server.close();
      log.close();
    }
    reportBatching(dir.resolve("custody.db"));
    BenchSupport.deleteTree(dir);
  }

  /**
   * Records of one group commit share their {@code received_at} millisecond, so distinct values
   * approximate the number of commits (a lower bound when two commits share a millisecond).
   */
  private static void reportBatching(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT received_at) FROM records")) {
      rs.next();
      System.out.printf(
          "load: whole run: %d records in ~%d group commits (~%.1f records per commit)%n",
          rs.getLong(1), rs.getLong(2), rs.getLong(1) / (double) Math.max(1, rs.getLong(2)));
    }
  }

  private static void run(
      URI uri,
      int clients,
      int warmupSeconds,
      int seconds,
      long maxRequests,
      boolean nativeRecords,
      boolean raw)
      throws InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    long start = System.nanoTime();
    long measureFrom = start + warmupSeconds * 1_000_000_000L;
    long measureTo = measureFrom + seconds * 1_000_000_000L;
    AtomicLong sent = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(
          Thread.ofVirtual()
              .name("client-" + c)
              .start(() -> {
                RecordFactory f = new RecordFactory(start + client);
                GraphGenerator g = new GraphGenerator(client);
                long[] mine = new long[1 << 16];
                int n = 0;
                long seq = 0;
                RawHttpClient rawClient = raw ? new RawHttpClient(uri) : null;
                while (System.nanoTime() < measureTo && sent.incrementAndGet() <= maxRequests) {
                  String body = nativeRecords ? g.next() : f.json(seq++);
                  long t0 = System.nanoTime();
                  int status;
                  try {
                    status =
                        rawClient != null
                            ? rawClient.postJson(body)
                            : http.send(
                                    HttpRequest.newBuilder(uri)
                                        .timeout(Duration.ofSeconds(30))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                    HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                  } catch (Exception e) {
                    status = -1;
                  }
                  long t1 = System.nanoTime();
                  if (status != 201) {
                    errors.incrementAndGet();
                    continue;
                  }
                  if (t0 >= measureFrom && t1 <= measureTo) {
                    if (n == mine.length) {
                      mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = t1 - t0;
                  }
                }
                if (rawClient != null) {
                  rawClient.close();
                }
                samples[client] = mine;
                counts[client] = n;
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(samples[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    double measuredSeconds = Math.min(seconds, (System.nanoTime() - measureFrom) / 1e9);
    System.out.printf(
        "load: %s records, %s client, clients=%d warmup=%ds measured=%.1fs requests(measured, 201)=%d"
            + " errors(all)=%d%n",
        nativeRecords ? "native" : "opaque",
        raw ? "raw" : "jdk",
        clients,
        warmupSeconds,
        measuredSeconds,
        total,
        errors.get());
    System.out.printf(
        "load: records/s=%.0f p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms%n",
        total / measuredSeconds,
        pct(all, 50),
        pct(all, 95),
        pct(all, 99),
        total == 0 ? 0 : all[total - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }
}
