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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /v1/sboms} of the 1,115-component CycloneDX SBOM ({@code
 * sbom/cyclonedx-bom-examples/juice-shop-npm-flat.cdx-1.4.json}, 1.9 MB, from {@code
 * -Dcustody.testdata}, default {@code /work/shared/testdata}) to the real server in this JVM
 * (127.0.0.1, port 0, fresh SQLite, default configuration), one request at a time, acknowledged
 * when durable.
 *
 * <p>Arguments: {@code [warmup=5] [runs=15]}. Each request is a new SBOM for the log: the document
 * with {@code i} trailing newlines (a different digest, so a new record, a new SBOM node and ~2,600
 * new edges; the package nodes exist after the first). The baseline, in the same run, posts an
 * already-stored variant again: the same detection, schema validation, parse and projection, but
 * nothing to write ({@code created: false}). Prints the first (cold) request, then the median, p90
 * and max of the measured runs for both.
 */
public final class SbomBench {
  static final String SBOM = "sbom/cyclonedx-bom-examples/juice-shop-npm-flat.cdx-1.4.json";

  private SbomBench() {}

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    Path root = Path.of(System.getProperty("custody.testdata", "/work/shared/testdata"));
    byte[] doc = Files.readAllBytes(root.resolve(SBOM));
    Path dir = BenchSupport.tempDir("sbom");
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    LogService log =
        new LogService(
            store,
            new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/sbom")),
            LogConfig.DEFAULTS,
            Clock.systemUTC());
    ApiServer server = new ApiServer(log, ApiConfig.defaults().withPort(0)).start();
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/sboms");
    try {
      long cold = post(http, uri, variant(doc, 0), true);
      System.out.printf(Locale.ROOT, "first request (cold JVM): %.0f ms%n", cold / 1e6);
      for (int i = 1; i <= warmup; i++) {
        post(http, uri, variant(doc, i), true);
        post(http, uri, variant(doc, i), false);
      }
      long[] fresh = new long[runs];
      long[] repeat = new long[runs];
      for (int i = 0; i < runs; i++) {
        byte[] body = variant(doc, warmup + 1 + i);
        fresh[i] = post(http, uri, body, true);
        repeat[i] = post(http, uri, body, false);
      }
      report("new SBOM (stored)", fresh);
      report("baseline: same SBOM again (nothing written)", repeat);
      System.out.printf(
          Locale.ROOT, "log: %d records, graph %s%n", store.size(), store.graphSize());
    } finally {
      server.close();
      log.close();
      BenchSupport.deleteTree(dir);
    }
  }

  private static byte[] variant(byte[] doc, int i) {
    byte[] out = Arrays.copyOf(doc, doc.length + i);
    Arrays.fill(out, doc.length, out.length, (byte) '\n');
    return out;
  }

  /** Nanoseconds from send to the complete answer; fails unless created is as expected. */
  private static long post(HttpClient http, URI uri, byte[] body, boolean expectCreated)
      throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/vnd.cyclonedx+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    long took = System.nanoTime() - t0;
    if (r.statusCode() != 201 || !r.body().contains("\"created\":" + expectCreated)) {
      throw new IllegalStateException("unexpected answer " + r.statusCode() + ": " + r.body());
    }
    return took;
  }

  private static void report(String what, long[] nanos) {
    List<Long> sorted = new ArrayList<>();
    for (long n : nanos) {
      sorted.add(n);
    }
    sorted.sort(null);
    System.out.printf(
        Locale.ROOT,
        "%s: n=%d median %.0f ms, p90 %.0f ms, max %.0f ms%n",
        what,
        sorted.size(),
        sorted.get(sorted.size() / 2) / 1e6,
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)) / 1e6,
        sorted.get(sorted.size() - 1) / 1e6);
  }
}
