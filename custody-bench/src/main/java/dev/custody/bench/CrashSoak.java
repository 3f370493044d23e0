package dev.custody.bench;

import dev.custody.cli.Main;
import dev.custody.model.RecordId;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash soak: starts {@code custody serve} as a child process ({@code java -cp <this classpath>
 * dev.custody.cli.Main serve --data DIR --port 0}), loads it with concurrent writers (one record
 * per POST), SIGKILLs it ({@link Process#destroyForcibly()}) at a random moment, restarts it on the
 * same directory, and checks that every acknowledged record is stored at the index its
 * acknowledgement gave and that {@code custody verify} ({@code Main.run}) passes. One cycle in ten
 * kills the server at a random moment of its startup (recovery, migration, first checkpoint)
 * instead.
 *
 * <p>Usage: {@code CrashSoak [kills=200] [writers=8] [rotateEvery=100] [seed=1] [maxSeconds=0]}; a
 * fresh data directory every {@code rotateEvery} kills keeps the per-cycle check short; with {@code
 * maxSeconds > 0} the soak stops after that long even if fewer kills ran (it reports how many did).
 * Exits 1 if any acknowledged record was lost or moved or a verification failed.
 */
public final class CrashSoak {
  private static final Pattern PORT = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern ACK =
      Pattern.compile("\"id\":\"(sha256:[0-9a-f]{64})\",\"index\":(\\d+)");

  private final SplittableRandom rng;
  private final int writers;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<String> violations = new ArrayList<>();
  private Path dir;
  private Map<Long, String> acked = new ConcurrentHashMap<>();
  private long ackedTotal;
  private long checkedTotal;
  private int checks;
  private long salt;

  private CrashSoak(long seed, int writers) {
    this.rng = new SplittableRandom(seed);
    this.writers = writers;
    this.salt = seed << 32;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int kills = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int writers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rotateEvery = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
    long maxSeconds = args.length > 4 ? Long.parseLong(args[4]) : 0;
    System.exit(new CrashSoak(seed, writers).run(kills, rotateEvery, maxSeconds));
  }

  private int run(int kills, int rotateEvery, long maxSeconds) throws Exception {
    Path root = BenchSupport.tempDir("soak");
    int dirs = 0;
    dir = root.resolve("log-" + dirs++);
    long t0 = System.nanoTime();
    long deadline = maxSeconds > 0 ? t0 + maxSeconds * 1_000_000_000L : Long.MAX_VALUE;
    int startupKills = 0;
    int done = 0;
    for (int k = 1; k <= kills && System.nanoTime() < deadline; k++) {
      done = k;
      Server s = Server.start(dir);
      if (rng.nextInt(10) == 0) {
        Thread.sleep(rng.nextInt(1500)); // somewhere in startup, or just after it
        s.kill();
        startupKills++;
        continue;
      }
      s.awaitReady();
      check();
      if (k > 1 && (k - 1) % rotateEvery == 0) {
        s.kill(); // not counted: we are leaving this log; its last check just passed
        dir = root.resolve("log-" + dirs++);
        acked = new ConcurrentHashMap<>();
        s = Server.start(dir);
        s.awaitReady();
      }
      load(s, 100 + rng.nextInt(900));
      if (k % 10 == 0) {
        System.err.printf(
            "soak: %d kills (%d in startup), %,d acked, %d checks, %d violations, %.0f s%n",
            k, startupKills, ackedTotal, checks, violations.size(), (System.nanoTime() - t0) / 1e9);
      }
    }
    Server s = Server.start(dir);
    s.awaitReady();
    check();
    s.process.destroy();
    s.process.waitFor(30, TimeUnit.SECONDS);
    System.out.printf(
        "soak: kills=%d (startup %d) acked=%d checks=%d recordsChecked=%d lost-or-moved=%d"
            + " time=%.0fs%n",
        done,
        startupKills,
        ackedTotal,
        checks,
        checkedTotal,
        violations.size(),
        (System.nanoTime() - t0) / 1e9);
    violations.stream().limit(20).forEach(v -> System.out.println("soak: VIOLATION " + v));
    if (violations.isEmpty()) {
      BenchSupport.deleteTree(root);
      return 0;
    }
    System.out.println("soak: data kept in " + root);
    return 1;
  }

  /** Writers POST until the server is SIGKILLed after {@code killAfterMs}. */
  private void load(Server s, int killAfterMs) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + s.port + "/v1/records");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acks = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      RecordFactory f = new RecordFactory(++salt);
      threads.add(Thread.ofVirtual().start(() -> write(uri, f, stop, acks)));
    }
    Thread.sleep(killAfterMs);
    s.kill();
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    ackedTotal += acks.get();
  }

  private void write(URI uri, RecordFactory f, AtomicBoolean stop, AtomicLong acks) {
    for (long seq = 0; !stop.get(); seq++) {
      String json = f.json(seq);
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpResponse<String> resp;
      try {
        resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        return; // the server died under us: this record is unacknowledged
      }
      if (resp.statusCode() != 201) {
        continue;
      }
      Matcher m = ACK.matcher(resp.body());
      String expected = f.record(seq).id().toString();
      if (!m.find() || !m.group(1).equals(expected)) {
        violate("acknowledgement names another record: " + resp.body());
        continue;
      }
      long index = Long.parseLong(m.group(2));
      String before = acked.putIfAbsent(index, expected);
      if (before != null) {
        violate("index " + index + " acknowledged for two records: " + before + ", " + expected);
      }
      acks.incrementAndGet();
    }
  }

  /** Every acknowledged record at its index, and {@code custody verify} passes. */
  private void check() {
    checks++;
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
      long size = store.size();
      for (long from = 0; from < size; from += 10_000) {
        List<RecordId> ids = store.recordIds(from, 10_000);
        for (int i = 0; i < ids.size(); i++) {
          String want = acked.get(from + i);
          if (want != null && !want.equals(ids.get(i).toString())) {
            violate("index " + (from + i) + " holds " + ids.get(i) + ", acknowledged " + want);
          }
        }
      }
      for (long index : acked.keySet()) {
        if (index >= size) {
          violate("acknowledged index " + index + " is beyond the stored log size " + size);
        }
      }
      checkedTotal += acked.size();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new String[] {"verify", "--data", dir.toString(), "--quiet"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    if (status != 0) {
      violate("custody verify exited " + status + ": " + out + err);
    }
  }

  private synchronized void violate(String what) {
    violations.add(what);
    System.err.println("soak: VIOLATION " + what);
  }

  /** A {@code custody serve} child process. */
  private static final class Server {
    final Process process;
    final CompletableFuture<Integer> ready = new CompletableFuture<>();
    int port;

    private Server(Process process) {
      this.process = process;
      Thread.ofPlatform()
          .daemon(true)
          .start(() -> {
            try (BufferedReader r =
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
              String line;
              while ((line = r.readLine()) != null) {
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                  ready.complete(Integer.parseInt(m.group(1)));
                } else if (line.contains("error")) {
                  System.err.println("soak: server: " + line);
                }
              }
            } catch (Exception ignored) {
              // The process was killed.
            }
            ready.completeExceptionally(new IllegalStateException("server exited before ready"));
          });
    }

    static Server start(Path dir) throws Exception {
      String java = ProcessHandle.current().info().command().orElse("java");
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-Xmx256m",
              "-XX:TieredStopAtLevel=1",
              "--enable-native-access=ALL-UNNAMED",
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
              "-cp",
              System.getProperty("java.class.path"),
              "dev.custody.cli.Main",
              "serve",
              "--data",
              dir.toString(),
              "--port",
              "0");
      pb.redirectErrorStream(true);
      return new Server(pb.start());
    }

    void awaitReady() throws Exception {
      port = ready.get(60, TimeUnit.SECONDS);
    }

    /** SIGKILL (destroyForcibly on Unix), then reap. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
