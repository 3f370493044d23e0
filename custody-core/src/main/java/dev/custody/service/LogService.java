package dev.custody.service;

import dev.custody.error.InternalException;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.nativerecord.NativeRecordParser;
import dev.custody.log.LogEntry;
import dev.custody.log.Proofs;
import dev.custody.log.Tile;
import dev.custody.log.TileMath;
import dev.custody.log.TiledHashReader;
import dev.custody.log.TreeAppender;
import dev.custody.metrics.CustodyMetrics;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.ProvRecord;
import dev.custody.model.RecordId;
import dev.custody.service.AppendResult.Appended;
import dev.custody.store.GraphRecord;
import dev.custody.store.KindConflictException;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredPayload;
import dev.custody.store.StoredRecord;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log as a service: appends with group commit, signed checkpoints, and the reads that clients
 * verify (records, proofs, tiles, entry bundles).
 *
 * <p>Two threads own every write, one after the other. Requests queue up; the <em>sequencer</em>
 * takes as many as fit in {@link LogConfig#maxBatchRecords}, assigns indexes, judges clocks,
 * projects provenance and updates the tree; the <em>committer</em> writes each prepared batch in
 * one transaction, then completes each request's future: an append is acknowledged only after its
 * commit is durable. While one batch commits, the next is prepared ({@value #IN_FLIGHT} in flight
 * at most) when at least {@link LogConfig#pipelineRecords} records wait; with fewer, the sequencer
 * lets the commit finish first so that small requests share the next one. The sequencer counts
 * batches in flight as stored (their ids and origins). A batch the store refuses or fails to commit
 * sends every later batch in flight back to the sequencer unwritten, so the log never holds a batch
 * prepared on top of one it lacks. The committer signs a checkpoint at most {@link
 * LogConfig#checkpointInterval} after a commit. Reads are thread safe and never block writes.
 */
public final class LogService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LogService.class);
  private static final long MAX_TILE_LEVEL = 63 / Tile.HEIGHT;

  private final LogStore store;
  private final CheckpointSigner signer;
  private final LogConfig config;
  private final Clock clock;
  private final TiledHashReader hashes;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final java.util.concurrent.atomic.AtomicLong queuedRecords =
      new java.util.concurrent.atomic.AtomicLong();
  private final LinkedBlockingQueue<Prepared> handoff = new LinkedBlockingQueue<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Thread sequencer;
  private final Thread committer;
  private final NativeRecordParser natives = new NativeRecordParser();
  private final CustodyMetrics metrics;

  // The sequencer's own: the tree as prepared (ahead of the store by the batches in flight), those
  // batches oldest first, batches to prepare again, and the epoch (bumped at each restart).
  private TreeAppender appender;
  private final ArrayDeque<Prepared> inFlight = new ArrayDeque<>();
  private final ArrayDeque<Retry> retry = new ArrayDeque<>();
  private long epoch;
  // Set by the committer: the epoch of the last batch it could not write (-1: none), and the size
  // and root of the tree as committed, which checkpoints sign.
  private volatile long abortedEpoch = -1;
  private volatile long committedSize;
  private volatile byte[] committedRoot;
  private volatile StoredCheckpoint latest;
  private volatile boolean running = true;
  // When the oldest commit not yet covered by a checkpoint was made (epoch ms), or -1 when every
  // commit is covered: readiness compares it, not the checkpoint's own age, with the interval.
  private volatile long uncoveredSinceMillis = -1;

  /** A queued request: its records and, for each, the provenance it states (if any). */
  private record Pending(
      List<CanonicalRecord> records,
      List<Optional<ProvRecord>> prov,
      List<Optional<Payload>> payloads,
      CompletableFuture<AppendResult> done) {}

  /** Queued by {@link #close()} to wake the sequencer, whatever it is waiting for. */
  private static final Pending STOP =
      new Pending(List.of(), List.of(), List.of(), new CompletableFuture<>());

  /** Queued by the committer when it gives batches back, so the sequencer prepares them at once. */
  private static final Pending WAKE =
      new Pending(List.of(), List.of(), List.of(), new CompletableFuture<>());

  private record Waiter(long size, CompletableFuture<StoredCheckpoint> done) {}

  /** Batches prepared and not yet settled by the committer, at most. */
  static final int IN_FLIGHT = 2;

  /** A batch to prepare again, after the committer gave it back. */
  private record Retry(List<Pending> batch, boolean checkKinds) {}

  /**
   * A batch the sequencer prepared: what the committer writes and acknowledges, and what the
   * sequencer reads of it while it is in flight ({@code assigned}, {@code learned}).
   */
  private static final class Prepared {
    static final int PENDING = 0;
    static final int COMMITTED = 1;
    static final int FAILED = 2;
    static final int KIND_CONFLICT = 3;
    static final int GIVEN_BACK = 4;

    /** Handed to the committer by the sequencer when it stops. */
    static final Prepared STOP =
        new Prepared(
            -1,
            List.of(),
            List.of(),
            new LogStore.Batch(List.of(), List.of(), List.of(), List.of(), List.of()),
            Map.of(),
            Map.of(),
            0,
            new byte[0],
            0);

    final long epoch;
    final List<Pending> batch;
    final List<List<Appended>> outcomes;
    final LogStore.Batch write;
    final Map<RecordId, Long> assigned;
    final Map<NodeId, Instant> learned;
    final long size;
    final byte[] root;
    final long receivedAtMillis;
    volatile int state = PENDING;
    final CompletableFuture<@Nullable Void> settled = new CompletableFuture<>();

    Prepared(
        long epoch,
        List<Pending> batch,
        List<List<Appended>> outcomes,
        LogStore.Batch write,
        Map<RecordId, Long> assigned,
        Map<NodeId, Instant> learned,
        long size,
        byte[] root,
        long receivedAtMillis) {
      this.epoch = epoch;
      this.batch = batch;
      this.outcomes = outcomes;
      this.write = write;
      this.assigned = assigned;
      this.learned = learned;
      this.size = size;
      this.root = root;
      this.receivedAtMillis = receivedAtMillis;
    }
  }

  public LogService(LogStore store, CheckpointSigner signer, LogConfig config, Clock clock) {
    this(store, signer, config, clock, new CustodyMetrics());
  }

  /** A log service that reports into {@code metrics} (its gauges are registered here). */
  public LogService(
      LogStore store,
      CheckpointSigner signer,
      LogConfig config,
      Clock clock,
      CustodyMetrics metrics) {
    this.store = store;
    this.metrics = metrics;
    this.signer = signer;
    this.config = config;
    this.clock = clock;
    this.hashes = new TiledHashReader(store, config.tileCacheSize());
    this.appender = new TreeAppender(store, store.size());
    this.committedSize = appender.size();
    this.committedRoot = appender.rootHash();
    this.latest = store.latestCheckpoint().orElseGet(this::checkpointNow);
    if (latest.size() > store.size()) {
      throw new InternalException(
          "the latest checkpoint covers "
              + latest.size()
              + " records but the store holds "
              + store.size()
              + ": the store lost committed records");
    }
    metrics.logGauges(
        store::size,
        () -> Math.max(0, clock.millis() - latest.createdAtMillis()) / 1000.0,
        () -> Math.max(0, store.size() - latest.size()),
        () -> store.graphSize().nodes(),
        () -> store.graphSize().edges());
    this.committer =
        Thread.ofPlatform().name("custody-committer").daemon(false).start(this::commitLoop);
    this.sequencer =
        Thread.ofPlatform().name("custody-sequencer").daemon(false).start(this::sequence);
  }

  public LogStore store() {
    return store;
  }

  public CheckpointSigner signer() {
    return signer;
  }

  /** The metrics this service reports into; the API adds its own and serves them. */
  public CustodyMetrics metrics() {
    return metrics;
  }

  /**
   * Queues records for appending. The future completes after the commit that holds them is durable,
   * or fails with an {@link InternalException} (nothing of the request was written).
   */
  public CompletableFuture<AppendResult> append(List<CanonicalRecord> records) {
    return append(records, java.util.Collections.nCopies(records.size(), Optional.empty()));
  }

  /**
   * Queues records with the provenance each states ({@code prov.get(i)} is what {@code
   * records.get(i)} says, parsed before queueing). The new ones among them are projected into the
   * graph in the same transaction as the log append. The future fails with an {@link
   * InvalidInputException} naming the field, and nothing of the request is written, if the request
   * would change the kind of a node (stored, or stated earlier in the same batch).
   */
  public CompletableFuture<AppendResult> append(
      List<CanonicalRecord> records, List<Optional<ProvRecord>> prov) {
    return append(records, prov, java.util.Collections.nCopies(records.size(), Optional.empty()));
  }

  /**
   * {@link #append(List, List)} of records that may name a document kept beside the log: {@code
   * payloads.get(i)} is the payload {@code records.get(i)} names by digest, written in the same
   * transaction as the record (docs/LOG-FORMAT.md, "Payloads").
   */
  public CompletableFuture<AppendResult> append(
      List<CanonicalRecord> records,
      List<Optional<ProvRecord>> prov,
      List<Optional<Payload>> payloads) {
    if (prov.size() != records.size() || payloads.size() != records.size()) {
      throw new IllegalArgumentException("one provenance entry and one payload entry per record");
    }
    CompletableFuture<AppendResult> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new InternalException("the log is shutting down"));
      return done;
    }
    long queued = System.nanoTime();
    queuedRecords.addAndGet(records.size());
    queue.add(new Pending(List.copyOf(records), List.copyOf(prov), List.copyOf(payloads), done));
    return done.whenComplete((r, e) -> metrics.appendTook(System.nanoTime() - queued));
  }

  /** Completes with the first checkpoint whose size is at least {@code size}. */
  public CompletableFuture<StoredCheckpoint> awaitCheckpoint(long size) {
    CompletableFuture<StoredCheckpoint> done = new CompletableFuture<>();
    StoredCheckpoint now = latest;
    if (now.size() >= size) {
      done.complete(now);
      return done;
    }
    synchronized (waiters) {
      waiters.add(new Waiter(size, done));
    }
    StoredCheckpoint after = latest;
    if (after.size() >= size) {
      releaseWaiters(after);
    }
    return done;
  }

  /** The latest published checkpoint. */
  public StoredCheckpoint latestCheckpoint() {
    return latest;
  }

  // ---- the sequencer: orders and prepares batches ---------------------------------------------

  private void sequence() {
    try {
      while (true) {
        try {
          if (abortedEpoch >= epoch) {
            restart();
          }
          Retry again = retry.poll();
          List<Pending> batch = again == null ? null : again.batch();
          if (batch == null) {
            if (!running && queue.isEmpty()) {
              settleAll();
              if (abortedEpoch >= epoch) {
                continue; // batches given back at the end are prepared again, then we stop
              }
              break;
            }
            Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
            if (first == null || first == STOP || first == WAKE) {
              continue;
            }
            queuedRecords.addAndGet(-first.records().size());
            Prepared last = inFlight.peekLast();
            if (last != null
                && last.state == Prepared.PENDING
                && first.records().size() + queuedRecords.get() < config.pipelineRecords()) {
              // Little to prepare: let the commit in flight end first, so that what arrives
              // meanwhile joins this batch. Preparing at once made batches of a few records, each
              // with its own commit, fsync and WAL pages, for many small requests
              // (docs/BENCHMARKS.md, OpenLineage ingest).
              last.settled.join();
            }
            batch = drainBatch(first);
          }
          prepareAndHandOff(batch, again != null && again.checkKinds());
        } catch (RuntimeException e) {
          log.error("sequencer step failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      handoff.add(Prepared.STOP); // unbounded: never blocks, even if the committer is gone
      // An append that raced with close() found the loop gone: refuse it rather than leave it
      // waiting forever.
      Pending late;
      while ((late = queue.poll()) != null) {
        if (late != STOP && late != WAKE) {
          late.done().completeExceptionally(new InternalException("the log is shutting down"));
        }
      }
    }
  }

  private List<Pending> drainBatch(Pending first) {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int records = first.records().size();
    Pending next;
    while (records < config.maxBatchRecords() && (next = queue.peek()) != null) {
      if (next == WAKE) {
        queue.poll();
        continue;
      }
      if (next == STOP || records + next.records().size() > config.maxBatchRecords()) {
        break;
      }
      batch.add(queue.poll());
      records += next.records().size();
      queuedRecords.addAndGet(-next.records().size());
    }
    return batch;
  }

  /**
   * Prepares {@code batch} and hands it to the committer, waiting while {@value #IN_FLIGHT} batches
   * are already in flight. A failure here fails the batch alone: nothing of it was handed on.
   */
  private void prepareAndHandOff(List<Pending> batch, boolean checkKinds) {
    while (!inFlight.isEmpty() && inFlight.peekFirst().state == Prepared.COMMITTED) {
      inFlight.pollFirst(); // the store answers for it now
    }
    if (inFlight.size() >= IN_FLIGHT) {
      inFlight.peekFirst().settled.join();
      if (abortedEpoch >= epoch) {
        retry.addFirst(new Retry(batch, checkKinds));
        return;
      }
      inFlight.pollFirst();
    }
    Prepared prepared;
    try {
      prepared = prepare(batch, checkKinds);
    } catch (RuntimeException e) {
      log.error("preparing a group of {} requests failed; nothing was written", batch.size(), e);
      failAll(batch, e);
      restart(); // the tree may have taken some of the batch's leaves
      return;
    }
    if (prepared != null) {
      inFlight.addLast(prepared);
      handoff.add(prepared);
    }
  }

  /**
   * Waits until every batch in flight is settled, then starts the tree again from what the store
   * holds. Batches the committer gave back (after a kind conflict or a failed commit; see {@link
   * #write}) go to the front of {@link #retry}, in their order, to be prepared again: the refused
   * one with each request's kinds checked.
   */
  private void restart() {
    List<Retry> again = new ArrayList<>();
    for (Prepared p : inFlight) {
      p.settled.join();
      if (p.state == Prepared.GIVEN_BACK || p.state == Prepared.KIND_CONFLICT) {
        again.add(new Retry(p.batch, p.state == Prepared.KIND_CONFLICT));
      }
    }
    inFlight.clear();
    for (int i = again.size() - 1; i >= 0; i--) {
      retry.addFirst(again.get(i));
    }
    appender = new TreeAppender(store, store.size());
    epoch = Math.max(epoch, abortedEpoch) + 1;
  }

  private void settleAll() {
    for (Prepared p : inFlight) {
      p.settled.join();
    }
  }

  private static void failAll(List<Pending> batch, RuntimeException e) {
    InternalException failure =
        e instanceof InternalException ie ? ie : new InternalException("append failed", e);
    for (Pending p : batch) {
      p.done().completeExceptionally(failure);
    }
  }

  /**
   * Assigns indexes to the new records of {@code batch}, projects and judges their provenance and
   * appends their leaves to the tree; returns what the committer writes, or null if no request of
   * the batch is left. With {@code checkKinds}, a request that states another kind for a node than
   * the store or an earlier request of the batch is refused, before any index is assigned to it.
   * Batches in flight count as stored: their record ids and the origins they state are read from
   * them ({@link #inFlight}), since the store may not hold them yet.
   */
  private @Nullable Prepared prepare(List<Pending> batch, boolean checkKinds) {
    List<Pending> accepted = new ArrayList<>(batch.size());
    LinkedHashSet<RecordId> ids = new LinkedHashSet<>();
    for (Pending p : batch) {
      for (CanonicalRecord r : p.records()) {
        ids.add(r.id());
      }
    }
    Map<RecordId, Long> existing = store.findIndexes(ids);
    if (!inFlight.isEmpty()) {
      for (RecordId id : ids) {
        for (Prepared p : inFlight) {
          Long at = p.assigned.get(id);
          if (at != null) {
            existing.putIfAbsent(id, at);
          }
        }
      }
    }
    Map<NodeId, Kind> kinds = checkKinds ? storedKinds(batch) : Map.of();
    CausalityCheck causality = causalityCheck(batch);
    Map<RecordId, Long> assigned = new HashMap<>();
    List<StoredRecord> fresh = new ArrayList<>();
    List<GraphRecord> graph = new ArrayList<>();
    List<StoredPayload> stored = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    long next = appender.size();
    long now = clock.millis();
    List<List<Appended>> outcomes = new ArrayList<>();
    for (Pending p : batch) {
      InvalidInputException conflict =
          checkKinds ? kindConflict(p, existing, assigned, kinds) : null;
      if (conflict != null) {
        p.done().completeExceptionally(conflict);
        continue;
      }
      accepted.add(p);
      List<Appended> out = new ArrayList<>(p.records().size());
      for (int i = 0; i < p.records().size(); i++) {
        CanonicalRecord r = p.records().get(i);
        Long index = existing.get(r.id());
        if (index == null) {
          index = assigned.get(r.id());
        }
        if (index != null) {
          out.add(new Appended(r.id(), index, LogEntry.leafHash(r.id()), false));
          continue;
        }
        byte[] leaf = LogEntry.leafHash(r.id());
        assigned.put(r.id(), next);
        fresh.add(new StoredRecord(next, r.id(), r.canonical(), now));
        long at = next;
        p.payloads().get(i).ifPresent(d -> stored.add(new StoredPayload(at, d)));
        Optional<ProvRecord> prov = p.prov().get(i);
        if (prov.isPresent()) {
          graph.add(
              causality.judge(config.clocks().judge(GraphRecord.project(next, now, prov.get()))));
        }
        leaves.add(leaf);
        out.add(new Appended(r.id(), next, leaf, true));
        next++;
      }
      outcomes.add(out);
    }
    if (accepted.isEmpty()) {
      return null;
    }
    List<Tile> tiles = appender.append(leaves);
    return new Prepared(
        epoch,
        accepted,
        outcomes,
        store.prepare(fresh, tiles, graph, stored),
        assigned,
        causality.learned(),
        appender.size(),
        appender.rootHash(),
        now);
  }

  // ---- the committer: writes prepared batches, acknowledges, signs checkpoints ----------------

  private void commitLoop() {
    try {
      while (true) {
        try {
          Prepared p = handoff.poll(untilCheckpointDue(), TimeUnit.MILLISECONDS);
          if (p == Prepared.STOP) {
            break;
          }
          if (p != null) {
            write(p);
          }
          maybeCheckpoint(false);
        } catch (RuntimeException e) {
          log.error("committer step failed", e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      maybeCheckpoint(true);
    }
  }

  private long untilCheckpointDue() {
    if (committedSize <= latest.size()) {
      return 200;
    }
    long due = latest.createdAtMillis() + config.checkpointInterval().toMillis();
    return Math.max(0, due - clock.millis());
  }

  /**
   * Commits a prepared batch in one transaction, then acknowledges each of its requests. If the
   * store refuses it (a node would change kind) or the commit fails, nothing of it is written, and
   * every later batch of the same epoch, prepared on top of it, goes back to the sequencer
   * unwritten ({@link #restart}). A failed commit fails its own requests; a refused batch goes back
   * too, to be prepared again with each request's kinds checked, so only the request that states
   * the conflict fails.
   */
  private void write(Prepared p) {
    try {
      if (p.epoch <= abortedEpoch) {
        p.state = Prepared.GIVEN_BACK;
        return;
      }
      try {
        if (!p.write.records().isEmpty()) {
          boolean wasCovered = committedSize <= latest.size();
          store.append(p.write);
          committedRoot = p.root;
          committedSize = p.size;
          if (wasCovered) {
            uncoveredSinceMillis = p.receivedAtMillis;
          }
          for (Tile t : p.write.tiles()) {
            if (t.isFull()) {
              hashes.put(t);
            }
          }
          metrics.recordsAccepted(p.write.records().size());
          p.write
              .graph()
              .forEach(g -> metrics.clocksJudged(g.skewed(), g.backfill(), g.causality()));
        }
      } catch (KindConflictException e) {
        abortedEpoch = p.epoch;
        p.state = Prepared.KIND_CONFLICT;
        queue.add(WAKE);
        return;
      } catch (RuntimeException e) {
        log.error("group commit of {} requests failed; nothing was written", p.batch.size(), e);
        abortedEpoch = p.epoch;
        p.state = Prepared.FAILED;
        failAll(p.batch, e);
        queue.add(WAKE);
        return;
      }
      metrics.batchCommitted(p.batch.stream().mapToInt(b -> b.records().size()).sum());
      p.state = Prepared.COMMITTED;
      long size = committedSize;
      for (int i = 0; i < p.batch.size(); i++) {
        p.batch.get(i).done().complete(new AppendResult(List.copyOf(p.outcomes.get(i)), size));
      }
    } finally {
      p.settled.complete(null);
    }
  }

  /** The stored kinds of every node the batch's provenance names. */
  private Map<NodeId, Kind> storedKinds(List<Pending> batch) {
    Set<NodeId> named = new HashSet<>();
    for (Pending p : batch) {
      for (Optional<ProvRecord> prov : p.prov()) {
        prov.ifPresent(r -> r.nodes().forEach(n -> named.addAll(idsOf(n))));
      }
    }
    return named.isEmpty() ? new HashMap<>() : new HashMap<>(store.kinds(named));
  }

  /**
   * A causality check that knows the stored origins of everything the batch's provenance depends on
   * (one store read per batch); it learns the batch's own records as it judges them.
   */
  private CausalityCheck causalityCheck(List<Pending> batch) {
    CausalityCheck check = new CausalityCheck(config.clocks().maxSkew());
    CausalityCheck.Referenced referenced =
        new CausalityCheck.Referenced(new HashSet<>(), new HashSet<>());
    for (Pending p : batch) {
      CausalityCheck.referenced(p.prov(), referenced);
    }
    if (!referenced.isEmpty()) {
      check.know(store.originTimes(referenced.entities(), referenced.activities()));
    }
    for (Prepared p : inFlight) {
      check.know(p.learned);
    }
    return check;
  }

  private static List<NodeId> idsOf(Node n) {
    return GraphRecord.impliedAlias(n).map(a -> List.of(n.id(), a.id())).orElse(List.of(n.id()));
  }

  /**
   * The refusal of a request whose new records give a node another kind than it has (stored, or
   * stated earlier in this batch or this request), or null; on success the request's kinds join
   * {@code kinds}.
   */
  private @Nullable InvalidInputException kindConflict(
      Pending p,
      Map<RecordId, Long> existing,
      Map<RecordId, Long> assigned,
      Map<NodeId, Kind> kinds) {
    Map<NodeId, Kind> stated = new HashMap<>();
    Set<RecordId> seen = new HashSet<>();
    for (int i = 0; i < p.records().size(); i++) {
      CanonicalRecord r = p.records().get(i);
      Optional<ProvRecord> prov = p.prov().get(i);
      boolean repeat =
          existing.containsKey(r.id()) || assigned.containsKey(r.id()) || !seen.add(r.id());
      if (repeat || prov.isEmpty()) {
        continue;
      }
      for (Node n : prov.get().nodes()) {
        for (NodeId id : idsOf(n)) {
          Kind want = id.equals(n.id()) ? n.kind() : Kind.ENTITY;
          Kind known = stated.containsKey(id) ? stated.get(id) : kinds.get(id);
          if (known != null && known != want) {
            return InvalidInputException.badRequest(
                "/" + i + natives.kindPointer(r.canonical(), id),
                "node "
                    + id
                    + " is "
                    + article(known)
                    + ", so it cannot be stated as "
                    + article(want)
                    + " (a node's kind never changes)");
          }
          stated.put(id, want);
        }
      }
    }
    kinds.putAll(stated);
    return null;
  }

  private static String article(Kind k) {
    return "an " + k.label(); // entity, activity, agent: all take "an"
  }

  private void maybeCheckpoint(boolean force) {
    long size = committedSize;
    if (size <= latest.size()) {
      return;
    }
    long due = latest.createdAtMillis() + config.checkpointInterval().toMillis();
    if (!force && clock.millis() < due) {
      return;
    }
    try {
      latest = checkpointNow();
      if (committedSize <= latest.size()) {
        uncoveredSinceMillis = -1;
      }
      releaseWaiters(latest);
    } catch (RuntimeException e) {
      log.error("checkpoint at size {} failed; will retry", size, e);
    }
  }

  /** Signs and stores a checkpoint of the tree as committed (the committer's, or at start). */
  private StoredCheckpoint checkpointNow() {
    long size = committedSize;
    byte[] root = committedRoot;
    String note = signer.sign(size, root);
    StoredCheckpoint cp = new StoredCheckpoint(size, root, note, clock.millis());
    store.addCheckpoint(cp);
    return cp;
  }

  private void releaseWaiters(StoredCheckpoint cp) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (waiters) {
      Iterator<Waiter> it = waiters.iterator();
      while (it.hasNext()) {
        Waiter w = it.next();
        if (w.size() <= cp.size()) {
          ready.add(w);
          it.remove();
        }
      }
    }
    ready.forEach(w -> w.done().complete(cp));
  }

  /** Checkpoints may fall this many intervals behind the log before the service is not ready. */
  static final int READY_INTERVALS = 5;

  /**
   * Whether the service can take appends and publish them: the store answers a read, the sequencer
   * runs, and no commit has waited for its checkpoint longer than {@value #READY_INTERVALS}
   * checkpoint intervals. Cheap: one small read.
   */
  public Readiness readiness() {
    List<String> problems = new ArrayList<>();
    if (!running || !sequencer.isAlive() || !committer.isAlive()) {
      problems.add("the sequencer is not running");
    }
    try {
      store.latestCheckpoint();
    } catch (RuntimeException e) {
      problems.add("the store does not answer");
    }
    long since = uncoveredSinceMillis;
    long waited = since < 0 ? 0 : clock.millis() - since;
    long allowed = READY_INTERVALS * config.checkpointInterval().toMillis();
    if (waited > allowed) {
      problems.add(
          "records committed "
              + waited
              + " ms ago have no checkpoint yet (allowed: "
              + allowed
              + " ms)");
    }
    return new Readiness(List.copyOf(problems), store.size(), latest.size(), waited);
  }

  /**
   * The answer of {@link #readiness()}.
   *
   * @param problems why the service is not ready; empty when it is
   * @param uncheckpointedMillis how long the oldest commit not covered by a checkpoint has waited
   */
  public record Readiness(
      List<String> problems, long logSize, long checkpointSize, long uncheckpointedMillis) {
    public boolean ready() {
      return problems.isEmpty();
    }
  }

  // ---- reads ------------------------------------------------------------------------------

  /** A document kept beside the log, by its digest ({@code sha256:<hex>}). */
  public Optional<Payload> payload(String digest) {
    return store.payload(digest);
  }

  public Optional<StoredRecord> record(RecordId id) {
    return store.record(id);
  }

  public Optional<StoredRecord> recordAt(long index) {
    return store.recordAt(index);
  }

  /**
   * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves, which must not
   * exceed the latest checkpoint.
   */
  public List<byte[]> inclusionProof(long index, long size) {
    checkSize("size", size);
    if (index < 0 || index >= size) {
      throw InvalidInputException.badRequest(
          "index", "index must be in [0, size): index " + index + ", size " + size);
    }
    return Proofs.inclusion(hashes, index, size);
  }

  /** The consistency proof between trees of {@code from} and {@code to} leaves. */
  public List<byte[]> consistencyProof(long from, long to) {
    checkSize("to", to);
    if (from < 0 || from > to) {
      throw InvalidInputException.badRequest(
          "from", "from must be in [0, to]: from " + from + ", to " + to);
    }
    return Proofs.consistency(hashes, from, to);
  }

  /** The root hash of the tree of {@code size} leaves (at most the latest checkpoint's size). */
  public byte[] rootHash(long size) {
    checkSize("size", size);
    return Proofs.rootHash(hashes, size);
  }

  private void checkSize(String field, long size) {
    long published = latest.size();
    if (size < 0 || size > published) {
      throw InvalidInputException.badRequest(
          field,
          field + " must be in [0, " + published + "] (the latest checkpoint's size): " + size);
    }
  }

  /**
   * The first {@code width} hashes of tile {@code (level, index)} as of the latest checkpoint, or
   * empty if the tile does not have that many yet.
   */
  public Optional<byte[]> tile(int level, long index, int width) {
    if (level > MAX_TILE_LEVEL) {
      return Optional.empty();
    }
    long available = TileMath.width(latest.size(), level, index);
    if (width > available) {
      return Optional.empty();
    }
    byte[] stored = store.read(level, index);
    if (stored == null || stored.length < width * 32) {
      throw new InternalException(
          "tile " + level + "/" + index + " is shorter than the checkpoint requires");
    }
    return Optional.of(java.util.Arrays.copyOf(stored, width * 32));
  }

  /**
   * The entry bundle {@code index} (entries {@code 256 * index ...}) of {@code width} entries, each
   * prefixed by its big-endian uint16 length, or empty if the log is not that long yet.
   */
  public Optional<byte[]> entryBundle(long index, int width) {
    long available = TileMath.width(latest.size(), 0, index);
    if (width > available) {
      return Optional.empty();
    }
    List<RecordId> ids = store.recordIds(index * Tile.WIDTH, width);
    if (ids.size() != width) {
      throw new InternalException("entry bundle " + index + " lacks records");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(width * (LogEntry.SIZE + 2));
    for (RecordId id : ids) {
      byte[] entry = LogEntry.of(id);
      out.write(entry.length >>> 8);
      out.write(entry.length & 0xff);
      out.writeBytes(entry);
    }
    return Optional.of(out.toByteArray());
  }

  /** Stops taking appends, commits what is queued, signs a last checkpoint, closes the store. */
  @Override
  public void close() {
    running = false;
    queue.add(STOP);
    try {
      sequencer.join(30_000);
      committer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
