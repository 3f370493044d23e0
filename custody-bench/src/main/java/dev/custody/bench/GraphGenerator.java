package dev.custody.bench;

import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.model.CanonicalRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.service.SigningKeys;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A seeded generator of native Custody records (docs/RECORDS.md) whose graph has the shape of a
 * real organisation's provenance, and the cached data directory it builds through {@link
 * LogService}. Each record is one event, as the system that saw it would report it:
 *
 * <ul>
 *   <li><b>Commits</b> ({@value #REPOS} repositories): a commit {@code wasDerivedFrom} its parent
 *       and {@code wasAttributedTo} one of {@value #DEVELOPERS} developers. Each repository's
 *       history is a chain thousands of commits deep.
 *   <li><b>Builds</b> (fan-in): a build run {@code used} the repository's latest commit and 2 to 12
 *       dependencies (images built recently by other repositories: base images, libraries), and an
 *       image {@code wasGeneratedBy} it. An image named by digest is an alias of its bare digest
 *       (the store adds the {@code alternateOf} edge).
 *   <li><b>Deployments</b> (fan-out): one build in four is deployed to one of {@value #CLUSTERS}
 *       clusters: a deployment {@code used} the image, then 4 to 44 pods each report in a record of
 *       their own ({@code wasGeneratedBy} the deployment, {@code wasDerivedFrom} the image).
 *   <li><b>Data pipelines</b> ({@value #PIPELINES} pipelines of 24 to 64 stages): a run of stage s
 *       {@code used} stage s-1's latest dataset version and a side input from another pipeline; on
 *       completion (a second record) the new version of stage s's dataset {@code wasGeneratedBy}
 *       the run and {@code wasDerivedFrom} the previous version. Lineage is dozens of hops deep.
 *   <li><b>Agents</b>: CI runners, clusters, schedulers and developers; every activity {@code
 *       wasAssociatedWith} its producer.
 * </ul>
 *
 * <p>The same seed gives the same records, byte for byte. Not thread safe.
 */
public final class GraphGenerator {
  static final int REPOS = 400;
  static final int DEVELOPERS = 1000;
  static final int CLUSTERS = 30;
  static final int PIPELINES = 300;
  private static final int RUNNERS = 20;
  private static final int SCHEDULERS = 10;
  private static final int RECENT_IMAGES = 5000;
  private static final long EPOCH_MS = 1_760_000_000_000L;
  private static final String TYPE = "https://custody.dev/record/v1";
  private static final HexFormat HEX = HexFormat.of();

  private final SplittableRandom r;
  private final String[] lastCommit = new String[REPOS];
  private final List<String> recentImages = new ArrayList<>();
  private final Pipeline[] pipelines = new Pipeline[PIPELINES];
  private final ArrayDeque<Rec> pending = new ArrayDeque<>();
  // Every id stated so far, to count nodes exactly (the bench JVM can afford ~150 MiB of them).
  private final Set<String> seen = new HashSet<>();
  private long seq;
  private long nodes;
  private long edges;

  /** One pipeline: its stages' latest dataset versions and the run in progress. */
  private static final class Pipeline {
    final int stages;
    final long[] version;
    int stage;
    String runId = "";
    String input = "";
    String sideInput = "";

    Pipeline(int stages) {
      this.stages = stages;
      this.version = new long[stages];
    }
  }

  public GraphGenerator(long seed) {
    this.r = new SplittableRandom(seed);
    for (int p = 0; p < PIPELINES; p++) {
      pipelines[p] = new Pipeline(24 + r.nextInt(41));
    }
  }

  /** Nodes the records generated so far state for the first time (agents included). */
  public long nodes() {
    return nodes;
  }

  /** Edge rows the records generated so far add (the implied alternateOf edges included). */
  public long edges() {
    return edges;
  }

  /** Records generated so far. */
  public long records() {
    return seq;
  }

  /** The next record's JSON text. */
  public String next() {
    while (pending.isEmpty()) {
      round();
    }
    Rec rec = pending.poll();
    // Counted when handed out, so that the counts are of the records a caller has taken.
    nodes += rec.newNodes;
    edges += rec.relations + rec.images;
    seq++;
    return rec.text;
  }

  /**
   * One round of events: two commits, a build, sometimes a deployment with its pods, and five
   * pipeline steps (ten records).
   */
  private void round() {
    commit(r.nextInt(REPOS));
    commit(r.nextInt(REPOS));
    int repo = r.nextInt(REPOS);
    if (lastCommit[repo] == null) {
      commit(repo);
    }
    String image = build(repo);
    if (r.nextInt(4) == 0) {
      deploy(repo, image);
    }
    for (int i = 0; i < 5; i++) {
      pipelineStep(pipelines[r.nextInt(PIPELINES)]);
    }
  }

  private void commit(int repo) {
    String id = "git+https://git.example.com/team-" + (repo % 40) + "/repo-" + repo + "@" + hex(20);
    String author = "https://git.example.com/users/dev-" + r.nextInt(DEVELOPERS);
    String parent = lastCommit[repo];
    Rec rec = new Rec("https://git.example.com");
    rec.node(id, "entity", "git-commit", null);
    rec.node(author, "agent", "person", null);
    if (parent != null) {
      rec.node(parent, "entity", "git-commit", null);
      rec.rel("wasDerivedFrom", id, parent);
    }
    rec.rel("wasAttributedTo", id, author);
    lastCommit[repo] = id;
    emit(rec);
  }

  private String build(int repo) {
    String runner = "https://ci.example.com/runners/pool-" + r.nextInt(RUNNERS);
    String run = "https://ci.example.com/team-" + (repo % 40) + "/repo-" + repo + "/runs/" + seq;
    String image =
        "registry.example.com/team-" + (repo % 40) + "/repo-" + repo + "@sha256:" + hex(32);
    Rec rec = new Rec(runner);
    rec.node(run, "activity", "build", null);
    rec.node(lastCommit[repo], "entity", "git-commit", null);
    rec.node(image, "entity", "container-image", null);
    rec.rel("used", run, lastCommit[repo]);
    int deps = recentImages.isEmpty() ? 0 : 2 + r.nextInt(11);
    List<String> used = new ArrayList<>();
    for (int i = 0; i < deps; i++) {
      String dep = recentImages.get(r.nextInt(recentImages.size()));
      if (!used.contains(dep)) {
        used.add(dep);
        rec.node(dep, "entity", "container-image", null);
        rec.rel("used", run, dep);
      }
    }
    rec.rel("wasGeneratedBy", image, run);
    rec.rel("wasAssociatedWith", run, runner);
    if (recentImages.size() < RECENT_IMAGES) {
      recentImages.add(image);
    } else {
      recentImages.set(r.nextInt(RECENT_IMAGES), image);
    }
    emit(rec);
    return image;
  }

  private void deploy(int repo, String image) {
    int cluster = r.nextInt(CLUSTERS);
    String agent = "https://k8s.example.com/cluster-" + cluster;
    String deployment = agent + "/deployments/repo-" + repo + "/rev-" + seq;
    Rec rec = new Rec(agent);
    rec.node(deployment, "activity", "deployment", null);
    rec.node(image, "entity", "container-image", null);
    rec.rel("used", deployment, image);
    rec.rel("wasAssociatedWith", deployment, agent);
    emit(rec);
    int pods = 4 + r.nextInt(41);
    for (int i = 0; i < pods; i++) {
      String pod = agent + "/pods/repo-" + repo + "-" + hex(5);
      Rec p = new Rec(agent);
      p.node(pod, "entity", "pod", null);
      p.node(deployment, "activity", "deployment", null);
      p.node(image, "entity", "container-image", null);
      p.rel("wasGeneratedBy", pod, deployment);
      p.rel("wasDerivedFrom", pod, image);
      emit(p);
    }
  }

  /** Starts the next stage's run, or completes the run in progress (two records a stage). */
  private void pipelineStep(Pipeline p) {
    int index = indexOf(p);
    String scheduler = "https://airflow.example.com/scheduler-" + (index % SCHEDULERS);
    if (p.runId.isEmpty()) {
      UUID u = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() >>> 2) | (1L << 63));
      p.runId = "run:" + u;
      p.input =
          p.stage == 0
              ? "dataset:s3://landing:pipe-" + index + ".raw.v" + seq
              : version(index, p.stage - 1, p.version[p.stage - 1]);
      Pipeline other = pipelines[r.nextInt(PIPELINES)];
      int os = r.nextInt(other.stages);
      p.sideInput = version(indexOf(other), os, other.version[os]);
      Rec rec = new Rec(scheduler);
      rec.node(p.runId, "activity", "job-run", "pipe-" + index + " stage " + p.stage);
      rec.node(p.input, "entity", "dataset", null);
      rec.rel("used", p.runId, p.input);
      if (!p.sideInput.equals(p.input)) {
        rec.node(p.sideInput, "entity", "dataset", null);
        rec.rel("used", p.runId, p.sideInput);
      }
      rec.rel("wasAssociatedWith", p.runId, scheduler);
      emit(rec);
      return;
    }
    String previous = version(index, p.stage, p.version[p.stage]);
    p.version[p.stage]++;
    String output = version(index, p.stage, p.version[p.stage]);
    Rec rec = new Rec(scheduler);
    rec.node(p.runId, "activity", "job-run", null);
    rec.node(output, "entity", "dataset", null);
    rec.node(previous, "entity", "dataset", null);
    rec.rel("wasGeneratedBy", output, p.runId);
    rec.rel("wasDerivedFrom", output, previous);
    emit(rec);
    p.runId = "";
    p.stage = (p.stage + 1) % p.stages;
  }

  private int indexOf(Pipeline p) {
    for (int i = 0; i < PIPELINES; i++) {
      if (pipelines[i] == p) {
        return i;
      }
    }
    throw new IllegalStateException();
  }

  private static String version(int pipeline, int stage, long v) {
    return "dataset:warehouse:pipe-" + pipeline + ".stage-" + stage + ".v" + v;
  }

  private void emit(Rec rec) {
    rec.text = rec.json(); // stamped with the time the round happens
    pending.add(rec);
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return HEX.formatHex(b);
  }

  /** One native record being written; JSON text, canonicalized by the parser afterwards. */
  private final class Rec {
    final StringBuilder nodesJson = new StringBuilder();
    final StringBuilder relsJson = new StringBuilder();
    final String producer;
    int relations;
    int images;
    int newNodes;
    String text = "";

    Rec(String producer) {
      this.producer = producer;
      if (seen.add(producer)) {
        newNodes++;
      }
    }

    void node(String id, String kind, String type, String name) {
      boolean image = id.startsWith("registry.");
      if (seen.add(id)) {
        newNodes += image ? 2 : 1; // an image id also states its bare digest
      }
      if (image) {
        images++; // each record stating an image adds its alternateOf edge
      }
      nodesJson.append(nodesJson.isEmpty() ? "" : ",");
      nodesJson.append("{\"id\":\"").append(id).append("\",\"kind\":\"").append(kind);
      nodesJson.append("\",\"type\":\"").append(type).append('"');
      if (name != null) {
        nodesJson.append(",\"name\":\"").append(name).append('"');
      }
      nodesJson.append('}');
    }

    void rel(String relation, String subject, String object) {
      relations++;
      relsJson.append(relsJson.isEmpty() ? "" : ",");
      relsJson.append("{\"object\":\"").append(object).append("\",\"relation\":\"");
      relsJson.append(relation).append("\",\"subject\":\"").append(subject).append("\"}");
    }

    String json() {
      Instant t = Instant.ofEpochMilli(EPOCH_MS + seq * 250);
      return "{\"_type\":\""
          + TYPE
          + "\",\"nodes\":["
          + nodesJson
          + "],\"producer\":\""
          + producer
          + "\",\"relations\":["
          + relsJson
          + "],\"time\":\""
          + t
          + "\"}";
    }
  }

  // ---- the cached data directory ------------------------------------------------------------

  /** What a build of the data directory produced and how long its appends took. */
  public record Built(long records, long nodes, long edges, double seconds) {}

  /**
   * The cached data directory holding the graph of at least {@code targetNodes} nodes (seed 1),
   * built if missing: {@code target/bench-cache/graph-<targetNodes>/}, with a {@code done} file
   * that says what it holds.
   */
  static synchronized Path dataDir(long targetNodes) throws Exception {
    Path dir = BenchSupport.cacheDir().resolve("graph-" + targetNodes);
    if (Files.exists(dir.resolve("done"))) {
      return dir;
    }
    BenchSupport.deleteTree(dir);
    Built b = build(dir, targetNodes, 1, 1000, line -> System.err.println("bench: " + line));
    try {
      Files.writeString(
          dir.resolve("done"),
          "records=%d nodes=%d edges=%d seconds=%.1f%n"
              .formatted(b.records(), b.nodes(), b.edges(), b.seconds()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Generates records until the graph has {@code targetNodes} nodes and appends them through {@link
   * LogService} in batches of {@code batch} (parsed and read as the API does: {@link
   * RecordParser#parseJsonTrees} then {@link ProvenanceReader#readSubmittedTrees}), eight batches
   * in flight.
   */
  static Built build(Path dir, long targetNodes, long seed, int batch, Consumer<String> progress)
      throws Exception {
    GraphGenerator g = new GraphGenerator(seed);
    RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    ProvenanceReader reader = new ProvenanceReader();
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    Ed25519CheckpointSigner signer =
        new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/graph"));
    long t0 = System.nanoTime();
    long lastReport = t0;
    long size = 0;
    try (LogService log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC())) {
      ArrayDeque<CompletableFuture<AppendResult>> inFlight = new ArrayDeque<>();
      while (g.nodes() < targetNodes) {
        StringBuilder body = new StringBuilder(batch * 700).append('[');
        for (int i = 0; i < batch && g.nodes() < targetNodes; i++) {
          body.append(i == 0 ? "" : ",").append(g.next());
        }
        List<RecordParser.Parsed> parsed =
            parser.parseJsonTrees(body.append(']').toString().getBytes(StandardCharsets.UTF_8));
        inFlight.add(log.append(RecordParser.records(parsed), reader.readSubmittedTrees(parsed)));
        if (inFlight.size() == 8) {
          size = inFlight.poll().get().logSize();
        }
        long now = System.nanoTime();
        if (now - lastReport > 10_000_000_000L) {
          lastReport = now;
          progress.accept(
              "graph: %,d records, %,d nodes, %,d edges, %.0f s"
                  .formatted(g.records(), g.nodes(), g.edges(), (now - t0) / 1e9));
        }
      }
      for (CompletableFuture<AppendResult> f : inFlight) {
        size = f.get().logSize();
      }
      log.awaitCheckpoint(size).get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    progress.accept(
        "graph: built %,d records, %,d nodes, %,d edges in %.1f s (%,.0f records/s) at %s"
            .formatted(g.records(), g.nodes(), g.edges(), seconds, g.records() / seconds, dir));
    return new Built(g.records(), g.nodes(), g.edges(), seconds);
  }

  /**
   * The batched native ingest figure split in two: every batch generated and parsed first (one
   * thread, as the API's request threads do, timed apart), then appended through {@link LogService}
   * with eight batches in flight, timed alone: the rate of the write path (sequencer, graph
   * projection, index, commit) on its own. Writes into {@code dir}, which must be empty.
   */
  static void preparsed(Path dir, long targetNodes, int batch) throws Exception {
    GraphGenerator g = new GraphGenerator(1);
    RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    ProvenanceReader reader = new ProvenanceReader();
    List<List<CanonicalRecord>> records = new java.util.ArrayList<>();
    List<List<java.util.Optional<dev.custody.model.ProvRecord>>> provs =
        new java.util.ArrayList<>();
    long parseNanos = 0;
    while (g.nodes() < targetNodes) {
      StringBuilder body = new StringBuilder(batch * 700).append('[');
      for (int i = 0; i < batch && g.nodes() < targetNodes; i++) {
        body.append(i == 0 ? "" : ",").append(g.next());
      }
      byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
      long t0 = System.nanoTime();
      List<RecordParser.Parsed> parsed = parser.parseJsonTrees(bytes);
      provs.add(reader.readSubmittedTrees(parsed));
      records.add(RecordParser.records(parsed));
      parseNanos += System.nanoTime() - t0;
    }
    System.out.printf(
        "parsed %,d records (RecordParser + ProvenanceReader, one thread): %.1f s, %,.0f records/s%n",
        g.records(), parseNanos / 1e9, g.records() / (parseNanos / 1e9));
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    Ed25519CheckpointSigner signer =
        new Ed25519CheckpointSigner(SigningKeys.loadOrCreate(dir, "bench/graph"));
    long t0 = System.nanoTime();
    long size = 0;
    try (LogService log = new LogService(store, signer, LogConfig.DEFAULTS, Clock.systemUTC())) {
      ArrayDeque<CompletableFuture<AppendResult>> inFlight = new ArrayDeque<>();
      long last = t0;
      long lastSize = 0;
      for (int b = 0; b < records.size(); b++) {
        inFlight.add(log.append(records.get(b), provs.get(b)));
        records.set(b, null);
        provs.set(b, null);
        if (inFlight.size() == 8) {
          size = inFlight.poll().get().logSize();
        }
        if (b % 100 == 99) {
          // The rate of each stretch, so that the JIT's warm-up and the graph's growth show.
          long now = System.nanoTime();
          System.out.printf(
              "  records %,d to %,d: %,.0f records/s%n",
              lastSize, size, (size - lastSize) / ((now - last) / 1e9));
          last = now;
          lastSize = size;
        }
      }
      for (CompletableFuture<AppendResult> f : inFlight) {
        size = f.get().logSize();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "appended %,d native records in batches of %,d (%,d nodes, %,d edges): %.1f s, %,.0f"
              + " records/s%n",
          size, batch, g.nodes(), g.edges(), seconds, size / seconds);
      log.awaitCheckpoint(size).get();
    }
  }

  /** Builds the 1M-node graph ahead of a benchmark run. */
  public static void main(String[] args) throws Exception {
    long target = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
    if (args.length > 2 && args[1].equals("--preparsed")) {
      Path dir = Path.of(args[2]);
      BenchSupport.deleteTree(dir);
      preparsed(dir, target, 1000);
      return;
    }
    if (args.length > 1 && args[1].equals("--count")) {
      GraphGenerator g = new GraphGenerator(1);
      long bytes = 0;
      while (g.nodes() < target) {
        bytes += g.next().length();
      }
      System.out.printf(
          "records=%d nodes=%d edges=%d bytes/record=%d%n",
          g.records(), g.nodes(), g.edges(), bytes / g.records());
      return;
    }
    System.out.println(dataDir(target));
  }
}
