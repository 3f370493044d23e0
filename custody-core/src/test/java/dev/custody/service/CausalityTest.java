package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.NodeId;
import dev.custody.store.LogStore;
import dev.custody.store.RecordClocks;
import dev.custody.store.sqlite.SqliteLogStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The causality check on the write path (a real service on SQLite): a record is judged against the
 * records before it, whether they were committed in earlier batches (read from the store) or
 * earlier in the same request, and against itself; the default tolerance is the 5-minute skew. A
 * rebuild of the graph sets the same flags.
 */
class CausalityTest {
  private static final ProvenanceReader PROVENANCE = new ProvenanceReader();
  private static final RecordParser PARSER = new RecordParser(RecordLimits.DEFAULTS);
  private static final String RUN = "run:0d9f2c4e-8a1b-4c3d-9e7f-112233445566";
  private static final String DATASET = "dataset:warehouse:orders@v12";
  private static final String JOB_RUN = "run:7b1e2f00-1111-4222-8333-444455556666";

  @TempDir Path dir;
  LogService log;

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  private LogService open() {
    return new LogService(
        SqliteLogStore.open(dir.resolve("custody.db")),
        new dev.custody.service.Ed25519CheckpointSigner(Ed25519NoteSigner.generate("test/log")),
        LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofMillis(50)),
        Clock.systemUTC());
  }

  /** The run generated the dataset version at {@code generatedAt} (edge time). */
  private static String generation(String generatedAt) {
    return record(
        "2026-11-25T11:00:00Z",
        """
        {"id": "%s", "kind": "activity", "startedAt": "2026-11-25T10:30:00Z"},
        {"id": "%s", "kind": "entity"}\
        """
            .formatted(RUN, DATASET),
        """
        {"relation": "wasGeneratedBy", "subject": "%s", "object": "%s", "time": "%s"}\
        """
            .formatted(DATASET, RUN, generatedAt));
  }

  /** Another run used the dataset version, the record claiming {@code claimed}. */
  private static String usage(String claimed) {
    return record(
        claimed,
        """
        {"id": "%s", "kind": "activity"}, {"id": "%s", "kind": "entity"}\
        """
            .formatted(JOB_RUN, DATASET),
        """
        {"relation": "used", "subject": "%s", "object": "%s"}\
        """
            .formatted(JOB_RUN, DATASET));
  }

  private static String record(String time, String nodes, String relations) {
    return """
    {"_type": "https://custody.dev/record/v1", "producer": "https://lineage.acme.dev",
     "time": "%s", "nodes": [%s], "relations": [%s]}\
    """
        .formatted(time, nodes, relations);
  }

  private List<Long> append(String... records) throws Exception {
    List<CanonicalRecord> list = new ArrayList<>();
    for (String r : records) {
      list.addAll(PARSER.parseJson(r.getBytes(StandardCharsets.UTF_8)));
    }
    AppendResult result = log.append(list, PROVENANCE.readAll(list)).get(10, TimeUnit.SECONDS);
    return result.records().stream().map(AppendResult.Appended::index).toList();
  }

  private boolean flagged(long index) {
    return log.store().clocks(index).orElseThrow().causality();
  }

  @Test
  void usingADatasetVersionBeforeAnEarlierRecordSaysItWasGeneratedIsFlagged() throws Exception {
    log = open();
    long gen = append(generation("2026-11-25T11:00:00Z")).get(0);
    long use = append(usage("2026-11-25T10:00:00Z")).get(0);

    assertThat(flagged(use)).isTrue();
    assertThat(flagged(gen)).isFalse();
  }

  @Test
  void aUseAfterTheGenerationIsNotFlagged() throws Exception {
    log = open();
    append(generation("2026-11-25T11:00:00Z"));
    assertThat(flagged(append(usage("2026-11-25T11:30:00Z")).get(0))).isFalse();
  }

  @Test
  void disagreementWithinTheSkewToleranceIsNotFlagged() throws Exception {
    log = open();
    append(generation("2026-11-25T11:00:00Z"));
    assertThat(flagged(append(usage("2026-11-25T10:55:00Z")).get(0))).isFalse();
    assertThat(flagged(append(usage("2026-11-25T10:54:59.999Z")).get(0))).isTrue();
  }

  @Test
  void anEarlierRecordOfTheSameRequestCounts() throws Exception {
    log = open();
    List<Long> both = append(generation("2026-11-25T11:00:00Z"), usage("2026-11-25T10:00:00Z"));
    assertThat(flagged(both.get(1))).isTrue();
  }

  @Test
  void aRecordIsNotJudgedByALaterOne() throws Exception {
    log = open();
    long use = append(usage("2026-11-25T10:00:00Z")).get(0);
    append(generation("2026-11-25T11:00:00Z"));
    assertThat(flagged(use)).isFalse();
  }

  @Test
  void anEntityGeneratedBeforeItsActivityStartedInTheSameRecordIsFlagged() throws Exception {
    log = open();
    long gen = append(generation("2026-11-25T10:00:00Z")).get(0); // the run started 10:30
    assertThat(flagged(gen)).isTrue();
  }

  private static final String DIGEST =
      "sha256:4cd9b7672d7fbee8fb51fb1e049f690342035f543a8efe734b7b5ffb0c154a45";

  /** A build generated image {@code repository@DIGEST} at 11:00. */
  private static String imageBuilt(String repository) {
    return record(
        "2026-11-25T11:00:00Z",
        """
        {"id": "https://ci.acme.dev/runs/1", "kind": "activity"},
        {"id": "%s@%s", "kind": "entity"}\
        """
            .formatted(repository, DIGEST),
        """
        {"relation": "wasGeneratedBy", "subject": "%s@%s", "object": "https://ci.acme.dev/runs/1"}\
        """
            .formatted(repository, DIGEST));
  }

  /** A deployment, claiming {@code claimed}, used {@code image}. */
  private static String deployed(String image, String claimed) {
    return record(
        claimed,
        """
        {"id": "https://k8s.acme.dev/deployments/1", "kind": "activity"},
        {"id": "%s", "kind": "entity"}\
        """
            .formatted(image),
        """
        {"relation": "used", "subject": "https://k8s.acme.dev/deployments/1", "object": "%s"}\
        """
            .formatted(image));
  }

  @Test
  void anImageAndItsBareDigestShareOneGeneration() throws Exception {
    log = open();
    append(imageBuilt("ghcr.io/acme/checkout"));
    assertThat(flagged(append(deployed(DIGEST, "2026-11-25T10:00:00Z")).get(0))).isTrue();
    assertThat(flagged(append(deployed(DIGEST, "2026-11-25T11:10:00Z")).get(0))).isFalse();
    assertThat(
            flagged(
                append(deployed("docker.io/mirror/checkout@" + DIGEST, "2026-11-25T10:00:00Z"))
                    .get(0)))
        .isTrue();
  }

  @Test
  void theFlagIsShownOnMentionsAndCountedByReason() throws Exception {
    log = open();
    append(generation("2026-11-25T11:00:00Z"), usage("2026-11-25T10:00:00Z"));
    assertThat(
            log.store().mentions(dev.custody.model.NodeId.parse(JOB_RUN, "id"), 10).stream()
                .map(m -> m.causality()))
        .containsExactly(true);
    assertThat(log.metrics().scrape())
        .contains("custody_clock_flags_total{reason=\"causality\"} 1.0")
        .contains("custody_clock_flags_total{reason=\"skew\"} 0.0");
  }

  @Test
  void aRebuiltGraphHasTheSameFlags() throws Exception {
    log = open();
    append(generation("2026-11-25T11:00:00Z"));
    append(usage("2026-11-25T10:00:00Z"), generation("2026-11-25T10:00:00Z"));
    append(usage("2026-11-25T12:00:00Z"));
    append(imageBuilt("ghcr.io/acme/checkout"), deployed(DIGEST, "2026-11-25T10:00:00Z"));
    append(deployed("docker.io/mirror/checkout@" + DIGEST, "2026-11-25T10:00:00Z"));
    List<RecordClocks> before = clocks();
    assertThat(before)
        .extracting(RecordClocks::causality)
        .containsExactly(false, true, true, false, false, true, true);
    log.close();
    log = null;

    try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
      new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});
      assertThat(clocks(store)).isEqualTo(before);
    }
  }

  @Test
  void theStoresOriginQueryAgreesWithTheInterfacesPortableDefault() throws Exception {
    log = open();
    append(generation("2026-11-25T11:00:00Z"), imageBuilt("ghcr.io/acme/checkout"));
    append(generation("2026-11-25T10:45:00Z"));
    LogStore sqlite = log.store();
    // Every call goes to SQLite except originTimes, which runs the interface's default on top.
    LogStore portable =
        (LogStore)
            Proxy.newProxyInstance(
                LogStore.class.getClassLoader(),
                new Class<?>[] {LogStore.class},
                (proxy, method, args) ->
                    method.getName().equals("originTimes")
                        ? InvocationHandler.invokeDefault(proxy, method, args)
                        : method.invoke(sqlite, args));
    List<NodeId> entities =
        List.of(NodeId.parse(DATASET, "id"), NodeId.parse(DIGEST, "id"), NodeId.parse(RUN, "id"));
    List<NodeId> activities =
        List.of(NodeId.parse(RUN, "id"), NodeId.parse("https://ci.acme.dev/runs/1", "id"));

    Map<NodeId, Instant> fast = sqlite.originTimes(entities, activities);

    assertThat(fast)
        .containsOnly(
            Map.entry(NodeId.parse(DATASET, "id"), Instant.parse("2026-11-25T10:45:00Z")),
            Map.entry(NodeId.parse(DIGEST, "id"), Instant.parse("2026-11-25T11:00:00Z")),
            Map.entry(NodeId.parse(RUN, "id"), Instant.parse("2026-11-25T10:30:00Z")));
    assertThat(portable.originTimes(entities, activities)).isEqualTo(fast);
  }

  private List<RecordClocks> clocks() {
    return clocks(log.store());
  }

  private static List<RecordClocks> clocks(dev.custody.store.LogStore store) {
    List<RecordClocks> out = new ArrayList<>();
    for (long i = 0; i < store.size(); i++) {
      out.add(store.clocks(i).orElseThrow());
    }
    return out;
  }
}
