package dev.custody.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.api.ApiConfig;
import dev.custody.api.ApiServer;
import dev.custody.ingest.openlineage.OpenLineageEvents;
import dev.custody.ingest.openlineage.OpenLineageProjector;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.ProvRecord;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.circuitBreaker.TaskQueueCircuitBreaker;
import io.openlineage.client.circuitBreaker.TaskQueueCircuitBreakerConfig;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * OpenLineage benchmarks against the real server in this JVM (127.0.0.1, port 0, fresh SQLite):
 *
 * <ul>
 *   <li>{@code ingest [clients=16] [seconds=10]}: the stock openlineage-java client (HttpTransport,
 *       gzip), one client per thread, each emitting RunEvents (2 inputs, 2 outputs, schema facet)
 *       back to back; the server's group commit batches them. Reports acknowledged events/s.
 *   <li>{@code ingest-async [emitters=16] [seconds=10] [threads=16] [wait=1]}: the same client
 *       behind the stock {@code asyncTaskQueue} circuit breaker (a pool of {@code threads} posting,
 *       queue of 10,000, the emitter waiting at most {@code wait} s), called as the Spark listener
 *       calls it. Reports events stored per second (the emitter does not learn of acknowledgements)
 *       and how many were lost (emitted, never stored: queue full or failed).
 *   <li>{@code lineage [jobs=50000] [queries=300]}: a chain of {@code jobs} jobs over {@code 2 *
 *       jobs} datasets (job i reads datasets 2i, 2i+1 and writes 2i+2, 2i+3), written through
 *       LogService with the real projector; then GET /api/v1/lineage?depth=20 on random datasets
 *       over HTTP, p50/p95/p99, the walk alone in process ({@code MarquezGraph.lineage}), and in
 *       the same run the same walk as one recursive SQL CTE over the edges table.
 * </ul>
 */
public final class OpenLineageBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI PRODUCER = URI.create("https://custody.dev/bench/openlineage");

  private OpenLineageBench() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "ingest";
    if (mode.equals("cpu")) {
      cpu(arg(args, 1, 20_000));
      return;
    }
    Path dir = BenchSupport.tempDir("openlineage");
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    LogService log =
        new LogService(
            store,
            new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/openlineage")),
            LogConfig.DEFAULTS,
            Clock.systemUTC());
    ApiServer server = new ApiServer(log, ApiConfig.defaults().withPort(0)).start();
    String base = "http://127.0.0.1:" + server.port();
    try {
      if (mode.equals("ingest")) {
        ingest(base, log, arg(args, 1, 16), arg(args, 2, 10));
      } else if (mode.equals("ingest-async")) {
        ingestAsync(
            base, log, arg(args, 1, 16), arg(args, 2, 10), arg(args, 3, 16), arg(args, 4, 1));
      } else if (mode.equals("batch")) {
        batch(base, log, arg(args, 1, 4), arg(args, 2, 10), arg(args, 3, 500));
      } else {
        lineage(base, log, dir, arg(args, 1, 50_000), arg(args, 2, 300));
      }
    } finally {
      server.close();
      log.close();
      BenchSupport.deleteTree(dir);
    }
  }

  // ---- ingest through the real client ---------------------------------------------------------

  /** Seconds run before the measured window (-Dcustody.bench.warmupSeconds, default 3). */
  static final long WARMUP_SECONDS = Long.getLong("custody.bench.warmupSeconds", 3);

  static void ingest(String base, LogService log, int clients, int seconds) throws Exception {
    long measured =
        measure(
            clients,
            seconds,
            id -> {
              HttpConfig config = new HttpConfig();
              config.setUrl(URI.create(base));
              config.setCompression(HttpConfig.Compression.GZIP);
              OpenLineageClient client =
                  OpenLineageClient.builder().transport(new HttpTransport(config)).build();
              OpenLineage ol = new OpenLineage(PRODUCER);
              long[] i = {0};
              return new Sender() {
                @Override
                public int send() {
                  client.emit(runEvent(ol, id, i[0]++));
                  return 1;
                }

                @Override
                public void close() throws Exception {
                  client.close();
                }
              };
            });
    long[] commits = log.metrics().commitsAndRecords();
    System.out.printf(
        "ingest: %d clients, %d s measured: %d events acknowledged, %.0f events/s (log size %d;"
            + " whole run: %d group commits, %.1f events a commit)%n",
        clients,
        seconds,
        measured,
        measured / (double) seconds,
        log.store().size(),
        commits[0],
        commits[1] / (double) Math.max(1, commits[0]));
  }

  /**
   * The stock client's one asynchronous path: {@code OpenLineageClient.emit} itself always posts on
   * the caller's thread (it never calls {@code CircuitBreaker.run}); the Spark integration wraps
   * its emission in {@code circuitBreaker.run}, and with {@code asyncTaskQueue} that runs it on a
   * pool. Stored events are counted from the log over the measured window, since the emitter is not
   * told.
   */
  static void ingestAsync(
      String base, LogService log, int emitters, int seconds, int threads, int waitSeconds)
      throws Exception {
    HttpConfig config = new HttpConfig();
    config.setUrl(URI.create(base));
    config.setCompression(HttpConfig.Compression.GZIP);
    TaskQueueCircuitBreaker queue =
        new TaskQueueCircuitBreaker(
            new TaskQueueCircuitBreakerConfig(threads, 10_000, (long) waitSeconds, 300L, 1000));
    OpenLineageClient client =
        OpenLineageClient.builder().transport(new HttpTransport(config)).build();
    AtomicLong emitted = new AtomicLong();
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    List<Thread> running = new ArrayList<>();
    for (int c = 0; c < emitters; c++) {
      int id = c;
      running.add(
          Thread.ofPlatform()
              .start(() -> {
                OpenLineage ol = new OpenLineage(PRODUCER);
                for (long i = 0; System.nanoTime() < end; i++) {
                  OpenLineage.RunEvent event = runEvent(ol, id, i);
                  queue.run(() -> {
                    client.emit(event);
                    return null;
                  });
                  emitted.incrementAndGet();
                }
              }));
    }
    TimeUnit.NANOSECONDS.sleep(warmupEnd - System.nanoTime());
    long atWarmupEnd = log.store().size();
    TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
    long atEnd = log.store().size();
    for (Thread t : running) {
      t.join();
    }
    queue.close(); // drains the queue; OpenLineageClient.close() would close the transport first
    client.close();
    long stored = log.store().size();
    System.out.printf(
        "ingest-async: %d emitters, asyncTaskQueue of %d threads (emitter waits <= %d s), %d s"
            + " measured: %.0f events/s stored; in all %d emitted, %d stored, %d lost%n",
        emitters,
        threads,
        waitSeconds,
        seconds,
        (atEnd - atWarmupEnd) / (double) seconds,
        emitted.get(),
        stored,
        emitted.get() - stored);
  }

  /**
   * The batch API without the client (which sends one event per request): {@code clients} threads
   * POST gzip-compressed JSON arrays of {@code size} events, serialized by the client library's own
   * {@code OpenLineageClientUtils.toJson}.
   */
  static void batch(String base, LogService log, int clients, int seconds, int size)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long measured =
        measure(
            clients,
            seconds,
            id -> {
              OpenLineage ol = new OpenLineage(PRODUCER);
              long[] i = {0};
              return () -> {
                StringBuilder body = new StringBuilder("[");
                for (int k = 0; k < size; k++) {
                  body.append(k == 0 ? "" : ",")
                      .append(
                          io.openlineage.client.OpenLineageClientUtils.toJson(
                              runEvent(ol, id, i[0]++)));
                }
                byte[] gz = gzip(body.append(']').toString().getBytes(StandardCharsets.UTF_8));
                HttpResponse<byte[]> r =
                    http.send(
                        HttpRequest.newBuilder(URI.create(base + "/api/v1/lineage"))
                            .header("Content-Type", "application/json")
                            .header("Content-Encoding", "gzip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(gz))
                            .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 201) {
                  throw new IllegalStateException(new String(r.body(), StandardCharsets.UTF_8));
                }
                return size;
              };
            });
    System.out.printf(
        "batch: %d clients x %d events per POST, %d s measured: %d events, %.0f events/s (log size %d)%n",
        clients, size, seconds, measured, measured / (double) seconds, log.store().size());
  }

  /** One client's loop body: sends, and answers how many events the server acknowledged. */
  interface Sender extends AutoCloseable {
    int send() throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /**
   * Runs one {@link Sender} per client on its own thread for a warm-up (3 s unless set) and then
   * {@code seconds}; answers the events acknowledged after the warm-up.
   */
  static long measure(int clients, int seconds, IntFunction<Sender> senders)
      throws InterruptedException {
    AtomicLong acked = new AtomicLong();
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong atWarmupEnd = new AtomicLong(-1);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int id = c;
      threads.add(
          Thread.ofPlatform()
              .start(() -> {
                try (Sender sender = senders.apply(id)) {
                  while (System.nanoTime() < end) {
                    long n = acked.addAndGet(sender.send());
                    if (System.nanoTime() >= warmupEnd) {
                      atWarmupEnd.compareAndSet(-1, n);
                    }
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return acked.get() - atWarmupEnd.get();
  }

  /** Where an event's server-side CPU goes, single-threaded, no I/O. */
  static void cpu(int n) throws Exception {
    OpenLineage ol = new OpenLineage(PRODUCER);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(io.openlineage.client.OpenLineageClientUtils.toJson(runEvent(ol, 0, i)));
    }
    dev.custody.ingest.openlineage.OpenLineageValidator validator =
        new dev.custody.ingest.openlineage.OpenLineageValidator();
    OpenLineageProjector projector = new OpenLineageProjector();
    dev.custody.ingest.RecordParser parser =
        new dev.custody.ingest.RecordParser(dev.custody.ingest.RecordLimits.DEFAULTS);
    for (int round = 0; round < 3; round++) {
      long parse = 0, validate = 0, project = 0;
      for (String e : events) {
        long t0 = System.nanoTime();
        JsonNode node = parser.parseJsonTrees(e.getBytes(StandardCharsets.UTF_8)).getFirst().tree();
        long t1 = System.nanoTime();
        validator.validate(node);
        long t2 = System.nanoTime();
        projector.project(node);
        long t3 = System.nanoTime();
        parse += t1 - t0;
        validate += t2 - t1;
        project += t3 - t2;
      }
      System.out.printf(
          "cpu round %d, %d events: parse+canonicalize %.1f us, validate %.1f us, project %.1f us per event%n",
          round, n, parse / 1e3 / n, validate / 1e3 / n, project / 1e3 / n);
    }
  }

  static byte[] gzip(byte[] in) throws java.io.IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(in);
    }
    return out.toByteArray();
  }

  static OpenLineage.RunEvent runEvent(OpenLineage ol, int client, long i) {
    OpenLineage.SchemaDatasetFacet schema =
        ol.newSchemaDatasetFacetBuilder()
            .fields(
                List.of(
                    ol.newSchemaDatasetFacetFieldsBuilder().name("id").type("INT").build(),
                    ol.newSchemaDatasetFacetFieldsBuilder().name("amount").type("DECIMAL").build()))
            .build();
    String k = client + "_" + i;
    return ol.newRunEventBuilder()
        .eventType(
            i % 2 == 0
                ? OpenLineage.RunEvent.EventType.START
                : OpenLineage.RunEvent.EventType.COMPLETE)
        .eventTime(ZonedDateTime.now())
        .run(ol.newRunBuilder().runId(UUID.randomUUID()).build())
        .job(ol.newJobBuilder().namespace("bench").name("job_" + (i % 1000)).build())
        .inputs(
            List.of(
                ol.newInputDatasetBuilder().namespace("wh").name("in_a_" + k).build(),
                ol.newInputDatasetBuilder().namespace("wh").name("in_b_" + (i % 500)).build()))
        .outputs(
            List.of(
                ol.newOutputDatasetBuilder()
                    .namespace("wh")
                    .name("out_" + k)
                    .facets(ol.newDatasetFacetsBuilder().schema(schema).build())
                    .build(),
                ol.newOutputDatasetBuilder().namespace("wh").name("out2_" + k).build()))
        .build();
  }

  // ---- lineage at depth 20 ---------------------------------------------------------------------

  static String dataset(int d) {
    return "{\"namespace\":\"wh\",\"name\":\"t" + d + "\"}";
  }

  static void lineage(String base, LogService log, Path dir, int jobs, int queries)
      throws Exception {
    int datasets = 2 * jobs;
    OpenLineageProjector projector = new OpenLineageProjector();
    long t0 = System.nanoTime();
    int batch = 2_000;
    for (int from = 0; from < jobs; from += batch) {
      List<CanonicalRecord> records = new ArrayList<>();
      List<Optional<ProvRecord>> prov = new ArrayList<>();
      for (int j = from; j < Math.min(jobs, from + batch); j++) {
        List<String> outs = new ArrayList<>();
        for (int d : new int[] {2 * j + 2, 2 * j + 3}) {
          if (d < datasets) {
            outs.add(dataset(d));
          }
        }
        String event =
            "{\"eventType\":\"COMPLETE\",\"eventTime\":\"2026-11-25T10:00:00Z\",\"run\":{\"runId\":\""
                + new UUID(0x0195a3c0L, j)
                + "\"},\"job\":{\"namespace\":\"bench\",\"name\":\"job"
                + j
                + "\"},\"inputs\":["
                + dataset(2 * j)
                + ","
                + dataset(2 * j + 1)
                + "],\"outputs\":["
                + String.join(",", outs)
                + "],\"producer\":\"https://custody.dev/bench\"}";
        JsonNode node = JSON.readTree(event);
        byte[] canonical = new JsonCanonicalizer(event).getEncodedUTF8();
        records.add(OpenLineageEvents.envelope(CanonicalRecord.of(canonical)));
        prov.add(Optional.of(projector.project(node)));
      }
      log.append(records, prov).get();
    }
    System.out.printf(
        "lineage: built %d jobs, %d datasets (%d records) in %.1f s%n",
        jobs, datasets, log.store().size(), (System.nanoTime() - t0) / 1e9);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Random r = new Random(42);
    int[] starts = new int[queries];
    for (int i = 0; i < queries; i++) {
      starts[i] = datasets / 4 + r.nextInt(datasets / 2);
    }
    // Warm-up, then measured.
    for (int i = 0; i < Math.min(50, queries); i++) {
      get(http, base, starts[i]);
    }
    long[] api = new long[queries];
    int nodes = 0;
    for (int i = 0; i < queries; i++) {
      long s = System.nanoTime();
      JsonNode g = get(http, base, starts[i]);
      api[i] = System.nanoTime() - s;
      nodes = g.path("graph").size();
    }
    // The walk alone, in process (the route's MarquezGraph on the store's in-memory index): what
    // the CTE below is compared with, without HTTP and JSON on either side.
    dev.custody.query.openlineage.MarquezGraph graph =
        new dev.custody.query.openlineage.MarquezGraph(log.store());
    long[] walk = new long[queries];
    int walkNodes = 0;
    for (int i = 0; i < Math.min(50, queries); i++) {
      walkNodes = walkSize(graph, starts[i]);
    }
    for (int i = 0; i < queries; i++) {
      long s = System.nanoTime();
      walkNodes = walkSize(graph, starts[i]);
      walk[i] = System.nanoTime() - s;
    }
    long[] cte = new long[queries];
    int cteNodes = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + LegacyTables.of(dir));
        PreparedStatement ps = c.prepareStatement(CTE)) {
      for (int i = 0; i < Math.min(20, queries); i++) {
        cteNodes = cte(ps, starts[i], 20);
      }
      for (int i = 0; i < queries; i++) {
        long s = System.nanoTime();
        cteNodes = cte(ps, starts[i], 20);
        cte[i] = System.nanoTime() - s;
      }
    }
    System.out.printf(
        "lineage depth 20, %d queries: GET /api/v1/lineage p50 %.2f ms p95 %.2f ms p99 %.2f ms (%d nodes in the last answer)%n",
        queries, pct(api, 50), pct(api, 95), pct(api, 99), nodes);
    System.out.printf(
        "MarquezGraph.lineage in process (the walk, no HTTP/JSON): p50 %.2f ms p95 %.2f ms p99 %.2f ms (%d nodes)%n",
        pct(walk, 50), pct(walk, 95), pct(walk, 99), walkNodes);
    System.out.printf(
        "recursive CTE (same walk, SQL only, no JSON): p50 %.2f ms p95 %.2f ms p99 %.2f ms (%d nodes); p95 ratio CTE/API %.2f%n",
        pct(cte, 50), pct(cte, 95), pct(cte, 99), cteNodes, pct(cte, 95) / pct(api, 95));
    System.out.printf(
        "p95 ratio CTE/walk %.1f; p50 ratio CTE/walk %.1f%n",
        pct(cte, 95) / pct(walk, 95), pct(cte, 50) / pct(walk, 50));
  }

  /** Jobs and datasets the walk reaches from dataset {@code start}, as the route answers them. */
  static int walkSize(dev.custody.query.openlineage.MarquezGraph graph, int start) {
    var jobs = graph.lineage(dev.custody.model.NodeId.parse("dataset:wh:t" + start, "nodeId"), 20);
    java.util.Set<dev.custody.model.NodeId> nodes = new java.util.HashSet<>(jobs.keySet());
    nodes.add(dev.custody.model.NodeId.parse("dataset:wh:t" + start, "nodeId"));
    jobs.values()
        .forEach(io -> {
          nodes.addAll(io.inputs());
          nodes.addAll(io.outputs());
        });
    return nodes.size();
  }

  /** Datasets and jobs within {@code depth} jobs of a dataset, both ways, as Marquez walks. */
  static final String CTE =
      """
      WITH RECURSIVE walk(node, depth) AS (
        VALUES(?, 0)
        UNION
        SELECT j.object, w.depth + 1 FROM walk w
          JOIN edges u ON u.object = w.node AND u.relation = 'used'
          JOIN edges j ON j.subject = u.subject AND j.relation = 'used' AND j.object LIKE 'job:%'
          WHERE w.node LIKE 'dataset:%' AND w.depth < ?
        UNION
        SELECT j.object, w.depth + 1 FROM walk w
          JOIN edges s ON s.object = w.node AND s.relation = 'specializationOf'
          JOIN edges g ON g.subject = s.subject AND g.relation = 'wasGeneratedBy'
          JOIN edges j ON j.subject = g.object AND j.relation = 'used' AND j.object LIKE 'job:%'
          WHERE w.node LIKE 'dataset:%' AND w.depth < ?
        UNION
        SELECT u.object, w.depth FROM walk w
          JOIN edges r ON r.object = w.node AND r.relation = 'used'
          JOIN edges u ON u.subject = r.subject AND u.relation = 'used' AND u.object LIKE 'dataset:%'
          WHERE w.node LIKE 'job:%'
        UNION
        SELECT s.object, w.depth FROM walk w
          JOIN edges r ON r.object = w.node AND r.relation = 'used'
          JOIN edges g ON g.object = r.subject AND g.relation = 'wasGeneratedBy'
          JOIN edges s ON s.subject = g.subject AND s.relation = 'specializationOf'
          WHERE w.node LIKE 'job:%'
      )
      SELECT COUNT(DISTINCT node) FROM walk
      """;

  static int cte(PreparedStatement ps, int start, int depth) throws Exception {
    ps.setString(1, "dataset:wh:t" + start);
    ps.setInt(2, depth + 1);
    ps.setInt(3, depth + 1);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static JsonNode get(HttpClient http, String base, int start) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/v1/lineage?depth=20&nodeId="
                            + URLEncoder.encode("dataset:wh:t" + start, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
    return JSON.readTree(r.body());
  }

  static double pct(long[] nanos, int p) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.length) - 1;
    return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }
}
