package dev.custody.bench;

import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.model.CanonicalRecord;
import dev.custody.query.Impact;
import dev.custody.query.ImpactService;
import dev.custody.query.PackageSelector;
import dev.custody.service.AppendResult;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Impact at scale: {@code GET /v1/impact}'s service ({@link ImpactService}, the real query path,
 * default list limit) over a generated supply chain of 100,000 package versions, 10,000 container
 * images and 2,000 deployments, ingested as native records through {@link LogService} (parsed and
 * read as the API does) into a cached SQLite store.
 *
 * <p>The shape (seed fixed):
 *
 * <ul>
 *   <li>100,000 package versions: 25,000 Maven artifacts × 4 versions, popularity by rank with a
 *       Zipf law (exponent 1: the top package is in nearly every image, most are in none or a few);
 *       10% of them declare 1–3 dependencies ({@code wasDerivedFrom}) on more popular packages,
 *       drawn uniformly among those;
 *   <li>10,000 images ({@code registry/repo@sha256:…}, so each is also its bare digest), each with
 *       one SBOM record: the SBOM entity {@code wasDerivedFrom} the image, the image {@code
 *       wasDerivedFrom} 50–300 distinct components (uniform count) drawn by popularity, each edge
 *       with {@code custody:sbom} — the scenario's SBOM shape;
 *   <li>2,000 deployment revisions, each {@code used} 1–2 images (uniform), each generating 2 pods.
 * </ul>
 *
 * <p>Queries: exact versions drawn from the 100 most popular packages ("popular"), from the least
 * popular half ("rare"), and versionless purls of popular artifacts (all four versions,
 * "all-versions"), interleaved; a warm-up first. Each class reports wall time and the query
 * thread's CPU time (the machine is shared: CPU time says what the query costs, wall time what it
 * waited too). Usage: {@code ImpactBench [queries=600] [warmup=200]}.
 */
public final class ImpactBench {
  static final int PACKAGES = 100_000;
  static final int VERSIONS = 4;
  static final int IMAGES = 10_000;
  static final int DEPLOYMENTS = 2_000;
  static final int PODS_PER_DEPLOYMENT = 2;
  private static final String TYPE = "https://custody.dev/record/v1";

  private ImpactBench() {}

  static String purl(int p) {
    int name = p / VERSIONS;
    return "pkg:maven/org.bench.g"
        + (name % 500)
        + "/lib"
        + name
        + "@"
        + (1 + p % VERSIONS)
        + ".0.0";
  }

  static String versionless(int p) {
    int name = p / VERSIONS;
    return "pkg:maven/org.bench.g" + (name % 500) + "/lib" + name;
  }

  static String hex(long n) {
    return String.format("%064x", n);
  }

  static String image(int i) {
    return "registry.bench.dev/team" + (i % 200) + "/svc" + i + "@sha256:" + hex(0x1000000L + i);
  }

  /** Draws ranks from a Zipf law with exponent 1 over {@code n} ranks. */
  static final class Zipf {
    final double[] cumulative;

    Zipf(int n) {
      cumulative = new double[n];
      double sum = 0;
      for (int r = 0; r < n; r++) {
        sum += 1.0 / (r + 1);
        cumulative[r] = sum;
      }
    }

    int next(SplittableRandom random) {
      double u = random.nextDouble() * cumulative[cumulative.length - 1];
      int i = Arrays.binarySearch(cumulative, u);
      return i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
    }
  }

  /** The records of the whole graph, in log order. */
  static List<String> records(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int from = 0; from < PACKAGES; from += 500) {
      StringBuilder nodes = new StringBuilder();
      StringBuilder rels = new StringBuilder();
      java.util.Set<Integer> declared = new java.util.HashSet<>();
      for (int p = from; p < from + 500; p++) {
        declare(nodes, declared, p);
        if (p > 0 && r.nextInt(10) == 0) {
          int deps = 1 + r.nextInt(3);
          for (int d = 0; d < deps; d++) {
            int q = r.nextInt(p);
            declare(nodes, declared, q);
            sep(rels)
                .append("{\"relation\":\"wasDerivedFrom\",\"subject\":\"")
                .append(purl(p))
                .append("\",\"object\":\"")
                .append(purl(q))
                .append("\"}");
          }
        }
      }
      out.add(record("https://registry.bench.dev", "2026-11-01T00:00:00Z", nodes, rels));
    }
    Zipf zipf = new Zipf(PACKAGES);
    for (int i = 0; i < IMAGES; i++) {
      int count = 50 + r.nextInt(251);
      java.util.Set<Integer> comps = new java.util.LinkedHashSet<>();
      while (comps.size() < count) {
        comps.add(zipf.next(r));
      }
      String sbom = "sha256:" + hex(0x2000000L + i);
      StringBuilder nodes = new StringBuilder();
      StringBuilder rels = new StringBuilder();
      nodes.append("{\"id\":\"").append(sbom).append("\",\"kind\":\"entity\",\"type\":\"sbom\"}");
      sep(nodes)
          .append("{\"id\":\"")
          .append(image(i))
          .append("\",\"kind\":\"entity\",\"type\":\"container-image\"}");
      sep(rels)
          .append("{\"relation\":\"wasDerivedFrom\",\"subject\":\"")
          .append(sbom)
          .append("\",\"object\":\"")
          .append(image(i))
          .append("\"}");
      for (int c : comps) {
        sep(nodes)
            .append("{\"id\":\"")
            .append(purl(c))
            .append("\",\"kind\":\"entity\",\"type\":\"package\"}");
        sep(rels)
            .append("{\"relation\":\"wasDerivedFrom\",\"subject\":\"")
            .append(image(i))
            .append("\",\"object\":\"")
            .append(purl(c))
            .append("\",\"attributes\":{\"custody:sbom\":\"")
            .append(sbom)
            .append("\"}}");
      }
      out.add(record("https://ci.bench.dev", "2026-11-02T00:00:00Z", nodes, rels));
    }
    for (int d = 0; d < DEPLOYMENTS; d++) {
      String deploy = "https://k8s.bench.dev/deployments/app" + d + "/revisions/1";
      StringBuilder nodes = new StringBuilder();
      StringBuilder rels = new StringBuilder();
      nodes
          .append("{\"id\":\"")
          .append(deploy)
          .append("\",\"kind\":\"activity\",\"type\":\"deployment\"}");
      int uses = 1 + r.nextInt(2);
      java.util.Set<Integer> images = new java.util.LinkedHashSet<>();
      while (images.size() < uses) {
        images.add(r.nextInt(IMAGES));
      }
      for (int i : images) {
        sep(nodes)
            .append("{\"id\":\"")
            .append(image(i))
            .append("\",\"kind\":\"entity\",\"type\":\"container-image\"}");
        sep(rels)
            .append("{\"relation\":\"used\",\"subject\":\"")
            .append(deploy)
            .append("\",\"object\":\"")
            .append(image(i))
            .append("\"}");
      }
      for (int k = 0; k < PODS_PER_DEPLOYMENT; k++) {
        String pod = "https://k8s.bench.dev/pods/app" + d + "-" + k;
        sep(nodes)
            .append("{\"id\":\"")
            .append(pod)
            .append("\",\"kind\":\"entity\",\"type\":\"pod\"}");
        sep(rels)
            .append("{\"relation\":\"wasGeneratedBy\",\"subject\":\"")
            .append(pod)
            .append("\",\"object\":\"")
            .append(deploy)
            .append("\"}");
      }
      out.add(record("https://k8s.bench.dev", "2026-11-03T00:00:00Z", nodes, rels));
    }
    return out;
  }

  private static void declare(StringBuilder nodes, java.util.Set<Integer> declared, int p) {
    if (declared.add(p)) {
      sep(nodes)
          .append("{\"id\":\"")
          .append(purl(p))
          .append("\",\"kind\":\"entity\",\"type\":\"package\"}");
    }
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.isEmpty() ? b : b.append(',');
  }

  private static String record(
      String producer, String time, StringBuilder nodes, StringBuilder rels) {
    return "{\"_type\":\""
        + TYPE
        + "\",\"producer\":\""
        + producer
        + "\",\"time\":\""
        + time
        + "\",\"nodes\":["
        + nodes
        + "],\"relations\":["
        + rels
        + "]}";
  }

  /** The cached store holding the generated graph, built if missing. */
  static synchronized Path dataDir() throws Exception {
    Path dir = BenchSupport.cacheDir().resolve("impact-" + PACKAGES + "-" + IMAGES);
    if (Files.exists(dir.resolve("done"))) {
      return dir;
    }
    BenchSupport.deleteTree(dir);
    long t0 = System.nanoTime();
    RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    ProvenanceReader reader = new ProvenanceReader();
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    Ed25519CheckpointSigner signer =
        new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/impact"));
    List<String> all = records(1);
    long size = 0;
    try (LogService log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC())) {
      ArrayDeque<CompletableFuture<AppendResult>> inFlight = new ArrayDeque<>();
      for (int from = 0; from < all.size(); from += 50) {
        String body =
            "[" + String.join(",", all.subList(from, Math.min(all.size(), from + 50))) + "]";
        List<CanonicalRecord> records = parser.parseJson(body.getBytes(StandardCharsets.UTF_8));
        inFlight.add(log.append(records, reader.readAll(records)));
        if (inFlight.size() == 8) {
          size = inFlight.poll().get().logSize();
        }
      }
      for (CompletableFuture<AppendResult> f : inFlight) {
        size = f.get().logSize();
      }
      log.awaitCheckpoint(size).get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.err.printf("bench: impact graph: %,d records in %.1f s at %s%n", size, seconds, dir);
    Files.writeString(dir.resolve("done"), "records=%d seconds=%.1f%n".formatted(size, seconds));
    return dir;
  }

  public static void main(String[] args) throws Exception {
    int queries = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = dataDir();
    long opening = System.nanoTime();
    try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
      ImpactService impact = new ImpactService(store);
      // The first read loads the in-memory edge index.
      impact.impact(PackageSelector.parse(purl(0), null), null, ImpactService.DEFAULT_LIMIT);
      System.out.printf(
          "store opened and edge index loaded in %.1f s; log size %,d; load average %.2f%n",
          (System.nanoTime() - opening) / 1e9,
          store.latestCheckpoint().orElseThrow().size(),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      SplittableRandom r = new SplittableRandom(11);
      String[] kinds = {"popular", "rare", "all-versions"};
      for (int i = 0; i < warmup; i++) {
        ask(impact, kinds[i % 3], r);
      }
      long[][] times = new long[3][queries / 3];
      long[][] cpuTimes = new long[3][queries / 3];
      long[][] reached = new long[3][queries / 3];
      java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      for (int i = 0; i < (queries / 3) * 3; i++) {
        int k = i % 3;
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Impact a = ask(impact, kinds[k], r);
        times[k][i / 3] = System.nanoTime() - t0;
        cpuTimes[k][i / 3] = cpu.getCurrentThreadCpuTime() - c0;
        reached[k][i / 3] = a.groups().values().stream().mapToLong(Impact.Group::count).sum();
      }
      long[] all = new long[0];
      long[] allCpu = new long[0];
      for (int k = 0; k < 3; k++) {
        report(kinds[k], times[k], reached[k]);
        report("  cpu", cpuTimes[k], reached[k]);
        all = concat(all, times[k]);
        allCpu = concat(allCpu, cpuTimes[k]);
      }
      report("all", all, new long[] {0});
      report("  cpu", allCpu, new long[] {0});
      System.out.printf(
          "load average at the end %.2f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static Impact ask(ImpactService impact, String kind, SplittableRandom r) {
    String purl =
        switch (kind) {
          case "popular" -> purl(r.nextInt(100));
          case "rare" -> purl(PACKAGES / 2 + r.nextInt(PACKAGES / 2));
          default -> versionless(r.nextInt(100));
        };
    return impact.impact(PackageSelector.parse(purl, null), null, ImpactService.DEFAULT_LIMIT);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void report(String kind, long[] nanos, long[] reached) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    long[] n = reached.clone();
    Arrays.sort(n);
    System.out.printf(
        "%-13s n=%d  p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  (things reached: median %,d,"
            + " max %,d)%n",
        kind,
        s.length,
        s[s.length / 2] / 1e6,
        s[(int) Math.ceil(s.length * 0.95) - 1] / 1e6,
        s[(int) Math.ceil(s.length * 0.99) - 1] / 1e6,
        s[s.length - 1] / 1e6,
        n[n.length / 2],
        n[n.length - 1]);
  }
}
