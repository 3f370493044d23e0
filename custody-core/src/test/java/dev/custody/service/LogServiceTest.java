package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.error.InternalException;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.RecordId;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.sqlite.SqliteLogStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogServiceTest {
  @TempDir Path dir;
  final Ed25519NoteSigner key = Ed25519NoteSigner.generate("test/log");
  LogService log;

  @AfterEach
  void close() {
    if (log != null) {
      log.close();
    }
  }

  private LogService open(LogStore store) {
    return new LogService(
        store,
        new Ed25519CheckpointSigner(key),
        LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofMillis(50)),
        Clock.systemUTC());
  }

  private SqliteLogStore sqlite() {
    return SqliteLogStore.open(dir.resolve("custody.db"));
  }

  private static CanonicalRecord rec(int n) {
    return CanonicalRecord.of(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static final dev.custody.ingest.ProvenanceReader PROVENANCE =
      new dev.custody.ingest.ProvenanceReader();

  /** A native record by agent {@code https://ci.example/} stating {@code id} of {@code kind}. */
  private static CanonicalRecord stating(String id, String kind) {
    String json =
        "{\"_type\":\"https://custody.dev/record/v1\",\"nodes\":[{\"id\":\""
            + id
            + "\",\"kind\":\""
            + kind
            + "\"}],\"producer\":\"https://ci.example/\",\"time\":\"2026-11-25T12:00:00Z\"}";
    return CanonicalRecord.of(json.getBytes(StandardCharsets.UTF_8));
  }

  private CompletableFuture<AppendResult> appendNative(CanonicalRecord... records) {
    List<CanonicalRecord> list = List.of(records);
    return log.append(list, PROVENANCE.readAll(list));
  }

  @Test
  void aRequestThatChangesANodesKindFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
    log = open(sqlite());
    String x = "https://example.org/x";
    CompletableFuture<AppendResult> entity = appendNative(stating(x, "entity"));
    CompletableFuture<AppendResult> activity = appendNative(rec(1), stating(x, "activity"));
    CompletableFuture<AppendResult> other = appendNative(stating("https://example.org/y", "agent"));
    assertThat(get(entity).anyCreated()).isTrue();
    assertThatThrownBy(() -> get(activity))
        .hasCauseInstanceOf(dev.custody.error.InvalidInputException.class)
        .cause()
        .satisfies(e ->
            assertThat(((dev.custody.error.InvalidInputException) e).field())
                .isEqualTo("/1/nodes/0/kind"));
    assertThat(get(other).anyCreated()).isTrue();
    assertThat(log.store().size()).isEqualTo(2); // nothing of the refused request
    assertThat(log.store().findIndexes(List.of(rec(1).id()))).isEmpty();
    NodeIdKinds.assertKind(log.store(), x, dev.custody.model.Kind.ENTITY);
  }

  @Test
  void twoRecordsOfOneRequestThatDisagreeOnAKindAreRefused() {
    log = open(sqlite());
    String x = "https://example.org/x";
    assertThatThrownBy(() -> get(appendNative(stating(x, "entity"), stating(x, "agent"))))
        .hasCauseInstanceOf(dev.custody.error.InvalidInputException.class);
    assertThat(log.store().size()).isZero();
  }

  @Test
  void aProducerIsAnAgentSoAnEntityCannotLaterProduceRecords() throws Exception {
    log = open(sqlite());
    assertThat(get(appendNative(stating("https://example.org/x", "entity"))).anyCreated()).isTrue();
    CanonicalRecord byX =
        CanonicalRecord.of(
            ("{\"_type\":\"https://custody.dev/record/v1\",\"producer\":\"https://example.org/x\","
                    + "\"time\":\"2026-11-25T12:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> get(appendNative(byX)))
        .cause()
        .satisfies(e ->
            assertThat(((dev.custody.error.InvalidInputException) e).field())
                .isEqualTo("/0/producer"));
  }

  /** Reads a node's stored kind. */
  private static final class NodeIdKinds {
    static void assertKind(LogStore store, String id, dev.custody.model.Kind kind) {
      dev.custody.model.NodeId n = dev.custody.model.NodeId.parse(id, "id");
      assertThat(store.nodes(List.of(n)).get(n).kind()).isEqualTo(kind);
    }
  }

  @Test
  void aNewLogPublishesASignedCheckpointOfTheEmptyTree() {
    log = open(sqlite());
    StoredCheckpoint cp = log.latestCheckpoint();
    Checkpoint c = SignedCheckpoint.open(cp.note(), List.of(key.verifier()));
    assertThat(c.size()).isZero();
    assertThat(c.origin()).isEqualTo("test/log");
  }

  @Test
  void concurrentRequestsAreGroupCommittedAndEachGetsItsOwnIndexes() throws Exception {
    CountingStore store = new CountingStore(sqlite());
    log = open(store.store);
    List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      futures.add(log.append(List.of(rec(2 * i), rec(2 * i + 1))));
    }
    List<Long> indexes = new ArrayList<>();
    for (CompletableFuture<AppendResult> f : futures) {
      get(f).records().forEach(a -> indexes.add(a.index()));
    }
    assertThat(indexes).doesNotHaveDuplicates().hasSize(400);
    assertThat(store.size()).isEqualTo(400);
    assertThat(store.appends.get()).isLessThan(200);
  }

  @Test
  void theCheckpointCoversEveryAcknowledgedRecordAndProvesInclusion() throws Exception {
    log = open(sqlite());
    AppendResult r = get(log.append(List.of(rec(1), rec(2), rec(3))));
    StoredCheckpoint cp = get(log.awaitCheckpoint(r.logSize()));
    assertThat(cp.size()).isGreaterThanOrEqualTo(3);
    RecordId id = r.records().get(1).id();
    ProofVerifier.verifyInclusion(
        LogEntry.leafHash(id), 1, cp.size(), log.inclusionProof(1, cp.size()), cp.rootHash());
  }

  @Test
  void aReopenedLogContinuesTheSameTree() throws Exception {
    log = open(sqlite());
    get(log.append(List.of(rec(1), rec(2))));
    StoredCheckpoint before = get(log.awaitCheckpoint(2));
    log.close();
    log = open(sqlite());
    AppendResult r = get(log.append(List.of(rec(3))));
    assertThat(r.records().get(0).index()).isEqualTo(2);
    StoredCheckpoint after = get(log.awaitCheckpoint(3));
    ProofVerifier.verifyConsistency(
        before.size(),
        after.size(),
        log.consistencyProof(before.size(), after.size()),
        before.rootHash(),
        after.rootHash());
  }

  @Test
  void aFailedCommitAcknowledgesNothingAndTheNextCommitStillFitsTheTree() throws Exception {
    CountingStore store = new CountingStore(sqlite());
    log = open(store.store);
    get(log.append(List.of(rec(1))));
    store.failNext = true;
    CompletableFuture<AppendResult> failed = log.append(List.of(rec(2), rec(3)));
    assertThatThrownBy(() -> get(failed))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(InternalException.class);
    assertThat(store.size()).isEqualTo(1);

    AppendResult ok = get(log.append(List.of(rec(2))));
    assertThat(ok.records().get(0).index()).isEqualTo(1);
    StoredCheckpoint cp = get(log.awaitCheckpoint(2));
    ProofVerifier.verifyInclusion(
        LogEntry.leafHash(rec(2).id()),
        1,
        cp.size(),
        log.inclusionProof(1, cp.size()),
        cp.rootHash());
  }

  @Test
  void closingCommitsWhatWasQueuedAndSignsALastCheckpoint() throws Exception {
    log =
        new LogService(
            sqlite(),
            new Ed25519CheckpointSigner(key),
            LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofHours(1)),
            Clock.systemUTC());
    CompletableFuture<AppendResult> queued = log.append(List.of(rec(7)));
    log.close();
    assertThat(get(queued).logSize()).isEqualTo(1);
    log = open(sqlite());
    assertThat(log.latestCheckpoint().size()).isEqualTo(1);
  }

  @Test
  void closingAnIdleLogSignsTheLastCheckpointAtOnce() throws Exception {
    log =
        new LogService(
            sqlite(),
            new Ed25519CheckpointSigner(key),
            LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofHours(1)),
            Clock.systemUTC());
    get(log.append(List.of(rec(7), rec(8))));
    long start = System.nanoTime();
    log.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    log = open(sqlite());
    assertThat(log.latestCheckpoint().size()).isEqualTo(2);
  }

  /** The real SQLite store, counting commits and failing one on request (fault injection). */
  static final class CountingStore {
    final AtomicInteger appends = new AtomicInteger();
    volatile boolean failNext;
    final LogStore inner;

    /** The store to give the service: every call goes to {@link #inner}, appends counted. */
    final LogStore store;

    CountingStore(LogStore inner) {
      this.inner = inner;
      this.store =
          (LogStore)
              Proxy.newProxyInstance(
                  LogStore.class.getClassLoader(),
                  new Class<?>[] {LogStore.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("append")) {
                      if (failNext) {
                        failNext = false;
                        throw new InternalException("injected failure");
                      }
                      appends.incrementAndGet();
                    }
                    try {
                      return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
    }

    long size() {
      return inner.size();
    }
  }
}
