package dev.custody.bench;

import dev.custody.api.ApiConfig;
import dev.custody.api.ApiServer;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Batched native ingest over HTTP, end to end on the server: the request bodies (JSON arrays of
 * {@code batch} native records of {@link GraphGenerator}, the realistic graph of the graph
 * benchmarks) are made before the clock starts, as a client elsewhere would have them; then the
 * real server ({@link ApiServer} over {@link LogService} over a fresh {@link SqliteLogStore}, in
 * this JVM on 127.0.0.1) takes them from {@code clients} keep-alive connections ({@link
 * RawHttpClient}: bytes out, status back), parsing, reading provenance, appending durably and
 * answering each. The rate counts records acknowledged (201) after the first {@code warmup}
 * records, over the time they took.
 *
 * <p>Usage: {@code BatchLoad [clients=2] [batch=1000] [records=1000000] [warmup=200000]}.
 */
public final class BatchLoad {
  private BatchLoad() {}

  /** The CPU time of this whole process (every thread, user and system), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * The CPU time of this process's threads so far, in ticks of 1/100 s (Linux's USER_HZ), by thread
   * name as Linux keeps it (15 characters: {@code custody-committ}, {@code ForkJoinPool-1-}) with a
   * trailing number dropped ({@code GC Thread#1} counts as {@code GC Thread}), from {@code
   * /proc/self/task}: the JVM's own threads (GC, JIT) too, which {@code ThreadMXBean} does not
   * list. Empty where there is no {@code /proc}.
   */
  private static Map<String, Long> threadTicks() {
    Map<String, Long> out = new HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path t : threads) {
        try {
          String name = Files.readString(t.resolve("comm")).strip().replaceAll("[-#]?\\d+$", "");
          String stat = Files.readString(t.resolve("stat"));
          // after "pid (comm) ": state is the first field, utime the 12th and stime the 13th
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while it was read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /** The time the JIT compilers have spent so far, in milliseconds. */
  private static long compileMillis() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    long records = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
    long warmup = args.length > 3 ? Long.parseLong(args[3]) : 200_000;

    GraphGenerator g = new GraphGenerator(1);
    List<byte[]> bodies = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long made = 0;
    long bytes = 0;
    while (made < records) {
      StringBuilder body = new StringBuilder(batch * 700).append('[');
      int i = 0;
      for (; i < batch && made < records; i++, made++) {
        body.append(i == 0 ? "" : ",").append(g.next());
      }
      counts.add(i);
      byte[] b = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
      bytes += b.length;
      bodies.add(b);
    }
    System.out.printf(
        "batch-load: %,d records in %,d bodies of %,d (%,d MB) made before the clock%n",
        made, bodies.size(), batch, bytes >> 20);

    Path dir = BenchSupport.tempDir("batch-load");
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    LogService log =
        new LogService(
            store,
            new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/batch-load")),
            new LogConfig(
                LogConfig.DEFAULTS.checkpointInterval(),
                Integer.getInteger("custody.bench.maxBatch", LogConfig.DEFAULTS.maxBatchRecords()),
                LogConfig.DEFAULTS.tileCacheSize(),
                LogConfig.DEFAULTS.clocks(),
                LogConfig.DEFAULTS.pipelineRecords()),
            Clock.systemUTC());
    ApiServer server = new ApiServer(log, ApiConfig.defaults().withPort(0)).start();
    AtomicInteger next = new AtomicInteger();
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong warmEnd = new AtomicLong();
    AtomicLong warmAcked = new AtomicLong();
    AtomicLong warmCpu = new AtomicLong();
    AtomicLong warmCompile = new AtomicLong();
    AtomicReference<Map<String, Long>> warmTicks = new AtomicReference<>(Map.of());
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/records");
      long t0 = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        threads.add(
            Thread.ofPlatform()
                .name("batch-client-" + c)
                .start(() -> {
                  try (RawHttpClient http = new RawHttpClient(uri)) {
                    for (int i = next.getAndIncrement();
                        i < bodies.size();
                        i = next.getAndIncrement()) {
                      byte[] body = bodies.get(i);
                      int status = http.postJson(body);
                      if (status != 201) {
                        errors.incrementAndGet();
                        continue;
                      }
                      int n = counts.get(i);
                      long now = System.nanoTime();
                      long total = acknowledged.addAndGet(n);
                      if (total >= warmup && warmEnd.get() == 0 && warmEnd.compareAndSet(0, now)) {
                        warmAcked.set(total);
                        warmCpu.set(processCpuNanos());
                        warmCompile.set(compileMillis());
                        warmTicks.set(threadTicks());
                      }
                    }
                  } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                  }
                }));
      }
      for (Thread t : threads) {
        t.join();
      }
      long end = System.nanoTime();
      long cpu = processCpuNanos() - warmCpu.get();
      long compile = compileMillis() - warmCompile.get();
      Map<String, Long> ticks = threadTicks();
      double all = (end - t0) / 1e9;
      double measured = (end - warmEnd.get()) / 1e9;
      long measuredRecords = acknowledged.get() - warmAcked.get();
      System.out.printf(
          "batch-load: %d clients, %,d records acknowledged in %.1f s (%,.0f records/s overall);"
              + " after the first %,d: %,d records in %.1f s, %,.0f records/s; errors %d%n",
          clients,
          acknowledged.get(),
          all,
          acknowledged.get() / all,
          warmAcked.get(),
          measuredRecords,
          measured,
          measuredRecords / measured,
          errors.get());
      // CPU a record moves less than the rate with the machine's other work: the figure to compare
      // runs by (the clients' share, raw bytes out and a status back, is small).
      System.out.printf(
          "batch-load: process CPU after the first %,d: %.1f µs a record, %.2f cores%n",
          warmAcked.get(), cpu / 1e3 / measuredRecords, cpu / 1e9 / measured);
      // The JIT still compiles well after the first 200,000 records: its share of the CPU above is
      // warm-up, not a cost a long-running server pays per record.
      System.out.printf(
          "batch-load: JIT compilation after the first %,d: %.1f s, %.0f%% of that CPU%n",
          warmAcked.get(), compile / 1e3, 100.0 * compile * 1e6 / cpu);
      // Where the CPU went, by thread: the committer and the sequencer are serial stages, the
      // request threads (virtual threads' carriers, ForkJoinPool-*-worker) the parallel one.
      StringBuilder byThread = new StringBuilder();
      ticks.entrySet().stream()
          .map(e ->
              Map.entry(e.getKey(), e.getValue() - warmTicks.get().getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() * 1e7 >= 0.01 * cpu)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .forEach(e ->
              byThread.append(
                  String.format(
                      "%n  %-24s %6.2f s, %5.1f µs a record",
                      e.getKey(), e.getValue() / 100.0, e.getValue() * 1e4 / measuredRecords)));
      if (!byThread.isEmpty()) {
        System.out.printf(
            "batch-load: CPU by thread after the first %,d (1%% of the process's or more):%s%n",
            warmAcked.get(), byThread);
      }
      long[] commits = log.metrics().commitsAndRecords();
      System.out.printf(
          "batch-load: %,d group commits, %,.0f records a commit on average%n",
          commits[0], (double) commits[1] / Math.max(1, commits[0]));
    } finally {
      server.close();
      log.close();
      BenchSupport.deleteTree(dir);
    }
  }
}
