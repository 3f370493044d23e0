package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.log.ProofVerifier;
import dev.custody.log.Rfc6962;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.model.RecordId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged records survive SIGKILL: eight writers append as fast as they can, the server is
 * killed at a random moment, and after a restart every acknowledged record must be at its
 * acknowledged index with the same bytes, the log must verify, and the new checkpoint must be
 * consistent with every checkpoint anyone saw before the crash.
 *
 * <p>{@code -Dcustody.crash.seed=N} replays a seed (the kill moments still depend on timing), and
 * {@code -Dcustody.crash.cycles=N} runs more cycles.
 */
class CrashTest {
  private static final int WRITERS = 8;
  private static final String[] SERVE = {"--checkpoint-interval-ms", "100"};
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** One acknowledged record: the server said it is durable at {@code index}. */
  private record Ack(String id, long index, byte[] canonical) {}

  @TempDir Path tmp;

  private ServerProcess server;
  private Path data;
  private Path serverLog;
  private final List<Ack> acked = new ArrayList<>();
  private final Set<String> observedNotes = Collections.synchronizedSet(new LinkedHashSet<>());
  private final AtomicInteger watchedUnderLoad = new AtomicInteger();

  @AfterEach
  void killServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void acknowledgedRecordsSurviveSigkill() throws Exception {
    long seed = Long.getLong("custody.crash.seed", new SecureRandom().nextLong());
    int cycles = Integer.getInteger("custody.crash.cycles", 20);
    data = tmp.resolve("data");
    serverLog = tmp.resolve("server.log");
    System.out.println("CrashTest: seed " + seed + ", " + cycles + " cycles");
    try {
      run(new Random(seed), cycles);
    } catch (Throwable t) {
      String log = server == null ? "" : server.log();
      throw new AssertionError(
          "CrashTest failed; replay with -Dcustody.crash.seed="
              + seed
              + "\n--- server log (last 4000 chars) ---\n"
              + log.substring(Math.max(0, log.length() - 4000)),
          t);
    }
  }

  private void run(Random rnd, int cycles) throws Exception {
    server = ServerProcess.start(data, serverLog, SERVE);
    for (int cycle = 0; cycle < cycles; cycle++) {
      long started = System.nanoTime();
      int loadMs = 150 + rnd.nextInt(551);
      List<Ack> fresh = loadAndKill(rnd, cycle, loadMs);
      acked.addAll(fresh);
      // Alternate: verify the killed server's files as it left them, or verify beside the
      // restarted server (the verifier opens the database read-only).
      boolean offline = cycle % 2 == 1;
      if (offline) {
        assertVerifies("after SIGKILL, before the restart");
      }
      server = ServerProcess.start(data, serverLog, SERVE);
      LogClient client = new LogClient(server.baseUrl());
      NoteVerifier key = LogClient.verifierKey(data);
      assertPresentById(client, fresh);
      long stored = assertPresentByIndex(client);
      String current = client.awaitCheckpoint(key, cp -> cp.size() == stored, WAIT);
      assertConsistentWithEveryObserved(client, key, current);
      observedNotes.add(current);
      if (!offline) {
        assertVerifies("while the restarted server runs");
      }
      System.out.printf(
          "CrashTest: cycle %d: killed after %d ms, %d acknowledged, log size %d, %d checkpoints"
              + " seen, verified %s, %d ms%n",
          cycle,
          loadMs,
          fresh.size(),
          stored,
          observedNotes.size(),
          offline ? "after the kill" : "live",
          (System.nanoTime() - started) / 1_000_000);
    }
    server.stop();
    assertVerifies("after a clean stop");
    assertThat(acked).as("acknowledged records over all cycles").isNotEmpty();
    assertThat(watchedUnderLoad).as("checkpoints fetched while the writers ran").hasPositiveValue();
  }

  /** Runs the writers and a checkpoint watcher, SIGKILLs the server after {@code loadMs}. */
  private List<Ack> loadAndKill(Random rnd, int cycle, int loadMs) throws Exception {
    LogClient client = new LogClient(server.baseUrl());
    AtomicBoolean killed = new AtomicBoolean();
    ConcurrentLinkedQueue<Ack> fresh = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      Random own = new Random(rnd.nextLong());
      int writer = w;
      threads.add(
          Thread.ofPlatform()
              .name("crash-writer-" + w)
              .start(() -> write(client, own, cycle, writer, killed, fresh, unexpected)));
    }
    threads.add(
        Thread.ofPlatform().name("crash-watcher").start(() -> watch(client, killed, unexpected)));
    // The kill moment is the point of the test, not a wait for a condition.
    Thread.sleep(loadMs);
    killed.set(true);
    server.kill();
    for (Thread t : threads) {
      t.join(WAIT.toMillis());
      assertThat(t.isAlive()).as("%s still running after the kill", t.getName()).isFalse();
    }
    assertThat(unexpected).as("failures before the kill").isEmpty();
    return List.copyOf(fresh);
  }

  private static void write(
      LogClient client,
      Random rnd,
      int cycle,
      int writer,
      AtomicBoolean killed,
      ConcurrentLinkedQueue<Ack> acked,
      ConcurrentLinkedQueue<String> unexpected) {
    long n = 0;
    while (!killed.get()) {
      boolean array = rnd.nextInt(3) == 0;
      int count = array ? 1 + rnd.nextInt(5) : 1;
      List<byte[]> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        records.add(record(rnd, cycle, writer, n++));
      }
      HttpResponse<String> resp;
      try {
        resp = client.postRecords(array ? jsonArray(records) : records.get(0));
      } catch (IOException e) {
        if (!killed.get()) {
          unexpected.add("writer " + writer + ": POST failed before the kill: " + e);
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (resp.statusCode() != 201) {
        unexpected.add("writer " + writer + ": " + resp.statusCode() + " " + resp.body());
        return;
      }
      String problem = collectAcks(resp.body(), records, acked);
      if (problem != null) {
        unexpected.add("writer " + writer + ": " + problem);
        return;
      }
    }
  }

  /** Adds the acknowledged records; returns what is wrong with the answer, if anything. */
  private static String collectAcks(
      String body, List<byte[]> sent, ConcurrentLinkedQueue<Ack> acked) {
    JsonNode answer;
    try {
      answer = LogClient.JSON.readTree(body);
    } catch (IOException e) {
      return "malformed answer " + body;
    }
    JsonNode records = answer.get("records");
    if (records == null || records.size() != sent.size()) {
      return "answer does not list the " + sent.size() + " records sent: " + body;
    }
    for (int i = 0; i < sent.size(); i++) {
      JsonNode r = records.get(i);
      String want = idOf(sent.get(i));
      if (!want.equals(r.get("id").asText()) || !r.get("created").asBoolean()) {
        return "record " + i + " acknowledged as " + r + ", expected a new record " + want;
      }
      acked.add(new Ack(want, r.get("index").asLong(), sent.get(i)));
    }
    return null;
  }

  /** Polls the published checkpoint so the test knows every checkpoint a client could see. */
  private void watch(LogClient client, AtomicBoolean killed, ConcurrentLinkedQueue<String> bad) {
    while (!killed.get()) {
      try {
        observedNotes.add(client.checkpointNote());
        watchedUnderLoad.incrementAndGet();
        Thread.sleep(25);
      } catch (RuntimeException e) {
        if (!killed.get()) {
          bad.add("checkpoint watcher failed before the kill: " + e);
        }
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Canonical (RFC 8785) by construction: keys in order, integers and ASCII strings only. */
  private static byte[] record(Random rnd, int cycle, int writer, long n) {
    ObjectNode o = LogClient.JSON.createObjectNode();
    o.put("cycle", cycle);
    o.put("n", n);
    StringBuilder pad = new StringBuilder();
    for (int i = 8 + rnd.nextInt(56); i > 0; i--) {
      pad.append((char) ('a' + rnd.nextInt(26)));
    }
    o.put("pad", pad.toString());
    o.put("writer", writer);
    try {
      return LogClient.JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] jsonArray(List<byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(records.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }

  private static String idOf(byte[] canonical) {
    return RecordId.ofDigest(Rfc6962.sha256().digest(canonical)).toString();
  }

  /** Each record acknowledged before the kill, read back by id: same index, same content. */
  private static void assertPresentById(LogClient client, List<Ack> fresh) throws Exception {
    List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (Ack a : fresh) {
        done.add(pool.submit(() -> checkById(client, a, wrong)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(wrong)
        .as(
            "acknowledged records missing or changed after SIGKILL (%d of %d)",
            wrong.size(), fresh.size())
        .isEmpty();
  }

  private static void checkById(LogClient client, Ack a, List<String> wrong) {
    HttpResponse<byte[]> r = client.get("/v1/records/" + a.id());
    if (r.statusCode() != 200) {
      wrong.add(a.id() + " at " + a.index() + ": GET answered " + r.statusCode());
      return;
    }
    try {
      JsonNode got = LogClient.JSON.readTree(r.body());
      JsonNode want = LogClient.JSON.readTree(a.canonical());
      if (got.get("index").asLong() != a.index() || !want.equals(got.get("record"))) {
        wrong.add(a.id() + " acknowledged at " + a.index() + " with " + want + ", now " + got);
      }
    } catch (IOException e) {
      wrong.add(a.id() + ": malformed answer");
    }
  }

  /**
   * Every record acknowledged in any cycle so far, read by index range: exactly the bytes sent.
   * Returns how many records the log stores.
   */
  private long assertPresentByIndex(LogClient client) {
    List<byte[]> stored = new ArrayList<>();
    while (true) {
      HttpResponse<byte[]> r = client.get("/v1/records?from=" + stored.size() + "&limit=10000");
      assertThat(r.statusCode()).isEqualTo(200);
      int before = stored.size();
      byte[] body = r.body();
      int start = 0;
      for (int i = 0; i < body.length; i++) {
        if (body[i] == '\n') {
          stored.add(Arrays.copyOfRange(body, start, i));
          start = i + 1;
        }
      }
      if (stored.size() - before < 10_000) {
        break;
      }
    }
    List<String> wrong = new ArrayList<>();
    for (Ack a : acked) {
      if (a.index() >= stored.size()
          || !Arrays.equals(stored.get((int) a.index()), a.canonical())) {
        wrong.add(a.id() + " at index " + a.index());
      }
    }
    assertThat(wrong)
        .as("acknowledged records not at their index with their bytes (log size %d)", stored.size())
        .isEmpty();
    return stored.size();
  }

  /**
   * The current checkpoint extends every checkpoint observed so far: each earlier note still
   * verifies with the log's key, and the server's consistency proof leads from its root to the
   * current root.
   */
  private void assertConsistentWithEveryObserved(
      LogClient client, NoteVerifier key, String currentNote) {
    Checkpoint current = SignedCheckpoint.open(currentNote, List.of(key));
    List<String> earlier;
    synchronized (observedNotes) {
      earlier = List.copyOf(observedNotes);
    }
    for (String note : earlier) {
      Checkpoint old = SignedCheckpoint.open(note, List.of(key));
      assertThat(old.origin()).isEqualTo(current.origin());
      assertThat(old.size())
          .as("an earlier checkpoint is larger than the current one")
          .isLessThanOrEqualTo(current.size());
      if (old.size() == 0) {
        assertThat(old.rootHash()).isEqualTo(Rfc6962.emptyRoot());
        continue;
      }
      JsonNode p =
          client.getJson("/v1/log/proof/consistency?from=" + old.size() + "&to=" + current.size());
      List<byte[]> proof = new ArrayList<>();
      p.get("hashes").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
      try {
        ProofVerifier.verifyConsistency(
            old.size(), current.size(), proof, old.rootHash(), current.rootHash());
      } catch (RuntimeException e) {
        throw new AssertionError(
            "checkpoint at size "
                + old.size()
                + " seen before the crash is not consistent with the one at size "
                + current.size()
                + " after it",
            e);
      }
    }
  }

  private void assertVerifies(String when) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new String[] {"verify", "--data", data.toString(), "--quiet"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(status).as("verify %s said:\n%s%s", when, out, err).isZero();
  }
}
