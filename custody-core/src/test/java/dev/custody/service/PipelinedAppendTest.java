package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.error.CustodyException;
import dev.custody.error.InternalException;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.log.LogEntry;
import dev.custody.log.ProofVerifier;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.ProvRecord;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredRecord;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.ScratchDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequencer prepares a batch while the committer writes the one before it (LogService's class
 * comment). Requests queued all at once, in batches of two records so that batches are always in
 * flight (and with the default pipelining threshold, under which a batch waits for the commit in
 * flight), must make exactly the log that the same requests make one at a time: the same outcome
 * for each request (indexes, new or repeated, or the refusal and its field), the same records at
 * the same indexes, the same clock and causality flags, and the same signed root.
 */
class PipelinedAppendTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final ProvenanceReader READER = new ProvenanceReader();
  private final Ed25519NoteSigner key = Ed25519NoteSigner.generate("test/pipeline");

  @TempDir Path dir;

  @Property(tries = 12)
  void requestsQueuedAtOnceMakeTheLogTheyMakeOneAtATime(@ForAll long seed) throws Exception {
    List<List<CanonicalRecord>> requests = requests(new Random(seed), 60);
    Path root = Files.createTempDirectory("pipeline");
    Run oneAtATime;
    Run atOnce;
    Run gathered;
    try {
      oneAtATime = run(root.resolve("sequential"), requests, false, 0);
      atOnce = run(root.resolve("pipelined"), requests, true, 0);
      // the default: few records queued, so a batch waits for the commit in flight
      gathered = run(root.resolve("gathered"), requests, true, 256);
    } finally {
      ScratchDir.delete(root);
    }

    assertThat(atOnce.outcomes).isEqualTo(oneAtATime.outcomes);
    assertThat(atOnce.log).isEqualTo(oneAtATime.log);
    assertThat(atOnce.root).isEqualTo(oneAtATime.root);
    assertThat(gathered).isEqualTo(oneAtATime);
    assertThat(oneAtATime.outcomes).anyMatch(o -> o.startsWith("refused")); // the case is tested
  }

  /** What a run left: each request's outcome, each record with its clocks, the signed root. */
  private record Run(List<String> outcomes, List<String> log, String root) {}

  private Run run(
      Path at, List<List<CanonicalRecord>> requests, boolean atOnce, int pipelineRecords)
      throws Exception {
    Files.createDirectories(at);
    LogConfig config =
        new LogConfig(Duration.ofMillis(20), 2, 64, ClockPolicy.DEFAULTS, pipelineRecords);
    List<String> outcomes = new ArrayList<>();
    List<String> log = new ArrayList<>();
    String root;
    try (LogService service =
        new LogService(
            SqliteLogStore.open(at.resolve("custody.db")),
            new Ed25519CheckpointSigner(key),
            config,
            // Near NOW, so the claimed times (whole hours from NOW) are judged alike in both runs;
            // moving, so that checkpoints fall due.
            Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), NOW)))) {
      List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
      for (List<CanonicalRecord> r : requests) {
        CompletableFuture<AppendResult> f = service.append(r, READER.readAll(r));
        if (!atOnce) {
          f.exceptionally(e -> null).get(10, TimeUnit.SECONDS);
        }
        futures.add(f);
      }
      long size = 0;
      for (CompletableFuture<AppendResult> f : futures) {
        String outcome = outcome(f);
        outcomes.add(outcome);
        if (f.isDone() && !f.isCompletedExceptionally()) {
          size = Math.max(size, f.get().logSize());
        }
      }
      StoredCheckpoint cp = service.awaitCheckpoint(size).get(10, TimeUnit.SECONDS);
      root = cp.size() + " " + java.util.HexFormat.of().formatHex(cp.rootHash());
      for (long i = 0; i < service.store().size(); i++) {
        StoredRecord r = service.store().recordAt(i).orElseThrow();
        log.add(
            i
                + " "
                + new String(r.canonical(), StandardCharsets.UTF_8)
                + " "
                + service
                    .store()
                    .clocks(i)
                    .map(c -> List.of(c.skewed(), c.backfill(), c.causality())));
      }
    }
    return new Run(outcomes, log, root);
  }

  private static String outcome(CompletableFuture<AppendResult> f) throws Exception {
    try {
      AppendResult r = f.get(10, TimeUnit.SECONDS);
      return r.records().stream()
          .map(a -> a.index() + (a.created() ? "+" : "="))
          .toList()
          .toString();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InvalidInputException bad) {
        return "refused " + bad.field();
      }
      throw e;
    }
  }

  /**
   * Random requests over few ids, so that records repeat, nodes are stated with other kinds, and
   * one record uses what another generated (at times that may break causality).
   */
  private static List<List<CanonicalRecord>> requests(Random random, int count) {
    List<List<CanonicalRecord>> out = new ArrayList<>();
    while (out.size() < count) {
      List<CanonicalRecord> request = new ArrayList<>();
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        request.add(random.nextInt(4) == 0 ? opaque(random) : nativeRecord(random));
      }
      try {
        List<Optional<ProvRecord>> ignored = READER.readAll(request);
        out.add(request);
      } catch (CustodyException e) {
        // a record the reader refuses never reaches the log; draw another request
      }
    }
    return out;
  }

  private static CanonicalRecord opaque(Random random) {
    return CanonicalRecord.of(
        ("{\"n\":" + random.nextInt(20) + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static CanonicalRecord nativeRecord(Random random) {
    String entity = "https://example.org/n" + random.nextInt(8);
    String activity = "https://example.org/n" + random.nextInt(8);
    String time = NOW.plus(Duration.ofHours(random.nextInt(96) - 48)).toString();
    StringBuilder json = new StringBuilder("{\"_type\":\"https://custody.dev/record/v1\"");
    json.append(",\"producer\":\"https://ci.example/\",\"time\":\"").append(time).append('"');
    json.append(",\"nodes\":[{\"id\":\"").append(entity).append("\",\"kind\":\"entity\"}");
    if (!activity.equals(entity)) {
      String start = NOW.plus(Duration.ofHours(random.nextInt(96) - 48)).toString();
      json.append(",{\"id\":\"").append(activity).append("\",\"kind\":\"activity\"");
      json.append(",\"startedAt\":\"").append(start).append("\"}");
      boolean generated = random.nextBoolean();
      json.append("],\"relations\":[{\"relation\":\"");
      json.append(generated ? "wasGeneratedBy" : "used");
      json.append("\",\"subject\":\"").append(generated ? entity : activity);
      json.append("\",\"object\":\"").append(generated ? activity : entity);
      json.append("\"}]}");
    } else {
      json.append("]}");
    }
    return CanonicalRecord.of(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A commit that fails while later batches are in flight fails its own requests only: the later
   * ones are prepared again on the tree as the store holds it, and every acknowledged record is in
   * the signed tree at its index.
   */
  @Test
  void aFailedCommitWithBatchesInFlightFailsOnlyItsOwnRequests() throws Exception {
    LogServiceTest.CountingStore store =
        new LogServiceTest.CountingStore(SqliteLogStore.open(dir.resolve("custody.db")));
    LogConfig config = new LogConfig(Duration.ofMillis(20), 2, 64, ClockPolicy.DEFAULTS, 0);
    try (LogService service =
        new LogService(store.store, new Ed25519CheckpointSigner(key), config, Clock.systemUTC())) {
      service.append(List.of(record(-1))).get(10, TimeUnit.SECONDS);
      store.failNext = true;
      List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(service.append(List.of(record(i))));
      }
      int failed = 0;
      List<AppendResult> acknowledged = new ArrayList<>();
      for (CompletableFuture<AppendResult> f : futures) {
        try {
          acknowledged.add(f.get(10, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(InternalException.class);
          failed++;
        }
      }
      assertThat(failed).isBetween(1, 2); // one batch of at most two records
      assertThat(store.size()).isEqualTo(1 + acknowledged.size());
      StoredCheckpoint cp = service.awaitCheckpoint(store.size()).get(10, TimeUnit.SECONDS);
      for (AppendResult r : acknowledged) {
        AppendResult.Appended a = r.records().get(0);
        assertThat(a.created()).isTrue();
        ProofVerifier.verifyInclusion(
            LogEntry.leafHash(a.id()),
            a.index(),
            cp.size(),
            service.inclusionProof(a.index(), cp.size()),
            cp.rootHash());
      }
    }
  }

  private static CanonicalRecord record(int n) {
    return CanonicalRecord.of(("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
  }
}
