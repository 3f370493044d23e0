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
 * <p>One sequencer thread owns every write. Requests queue up; the sequencer takes as many as fit
 * in {@link LogConfig#maxBatchRecords}, assigns indexes, updates the tree and commits them in one
 * transaction, then completes each request's future: an append is acknowledged only after its
 * commit is durable. The same thread signs a checkpoint at most {@link
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
  private final List<Waiter> waiters = new ArrayList<>();
  private final Thread sequencer;
  private final NativeRecordParser natives = new NativeRecordParser();
  private final CustodyMetrics metrics;

  private TreeAppender appender;
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

  private record Waiter(long size, CompletableFuture<StoredCheckpoint> done) {}

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
    this.latest = store.latestCheckpoint().orElseGet(() -> checkpointNow(appender.size()));
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
    this.sequencer = Thread.ofPlatform().name("custody-sequencer").daemon(false).start(this::run);
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

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        long wait = untilCheckpointDue();
        Pending first = queue.poll(wait, TimeUnit.MILLISECONDS);
        if (first != null && first != STOP) {
          commit(drainBatch(first));
        }
        maybeCheckpoint(false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        log.error("sequencer step failed", e);
      }
    }
    maybeCheckpoint(true);
    // An append that raced with close() found the loop gone: refuse it rather than leave it
    // waiting forever.
    Pending late;
    while ((late = queue.poll()) != null) {
      if (late != STOP) {
        late.done().completeExceptionally(new InternalException("the log is shutting down"));
      }
    }
  }

  private long untilCheckpointDue() {
    if (appender.size() <= latest.size()) {
      return 200;
    }
    long due = latest.createdAtMillis() + config.checkpointInterval().toMillis();
    return Math.max(0, due - clock.millis());
  }

  private List<Pending> drainBatch(Pending first) {
    List<Pending> batch = new ArrayList<>();
    batch.add(first);
    int records = first.records().size();
    Pending next;
    while (records < config.maxBatchRecords() && (next = queue.peek()) != null) {
      if (next == STOP || records + next.records().size() > config.maxBatchRecords()) {
        break;
      }
      batch.add(queue.poll());
      records += next.records().size();
    }
    return batch;
  }

  /**
   * Commits a group of requests in one transaction, then acknowledges each. A request that would
   * change a node's kind is refused alone: the store refuses such a batch before writing anything
   * (a node's kind is checked once, there), and the batch is then committed again with each
   * request's kinds checked here first, so only the request that states the conflict fails.
   */
  private void commit(List<Pending> batch) {
    try {
      try {
        commit(batch, false);
      } catch (KindConflictException e) {
        appender = new TreeAppender(store, store.size());
        commit(batch, true);
      }
    } catch (RuntimeException e) {
      log.error("group commit of {} requests failed; nothing was written", batch.size(), e);
      appender = new TreeAppender(store, store.size());
      InternalException failure =
          e instanceof InternalException ie ? ie : new InternalException("append failed", e);
      for (Pending p : batch) {
        p.done().completeExceptionally(failure);
      }
    }
  }

  /**
   * One attempt at {@link #commit(List)}; with {@code checkKinds}, a request that states another
   * kind for a node than the store or an earlier request of the batch is refused, before any index
   * is assigned to it.
   */
  private void commit(List<Pending> batch, boolean checkKinds) {
    List<Pending> accepted = new ArrayList<>(batch.size());
    LinkedHashSet<RecordId> ids = new LinkedHashSet<>();
    for (Pending p : batch) {
      for (CanonicalRecord r : p.records()) {
        ids.add(r.id());
      }
    }
    Map<RecordId, Long> existing = store.findIndexes(ids);
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
    if (!fresh.isEmpty()) {
      boolean wasCovered = appender.size() <= latest.size();
      List<Tile> tiles = appender.append(leaves);
      store.append(fresh, tiles, graph, stored);
      if (wasCovered) {
        uncoveredSinceMillis = now;
      }
      for (Tile t : tiles) {
        if (t.isFull()) {
          hashes.put(t);
        }
      }
      metrics.recordsAccepted(fresh.size());
      graph.forEach(g -> metrics.clocksJudged(g.skewed(), g.backfill(), g.causality()));
    }
    metrics.batchCommitted(batch.stream().mapToInt(p -> p.records().size()).sum());
    long size = appender.size();
    for (int i = 0; i < accepted.size(); i++) {
      accepted.get(i).done().complete(new AppendResult(List.copyOf(outcomes.get(i)), size));
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
    long size = appender.size();
    if (size <= latest.size()) {
      return;
    }
    long due = latest.createdAtMillis() + config.checkpointInterval().toMillis();
    if (!force && clock.millis() < due) {
      return;
    }
    try {
      latest = checkpointNow(size);
      if (appender.size() <= latest.size()) {
        uncoveredSinceMillis = -1;
      }
      releaseWaiters(latest);
    } catch (RuntimeException e) {
      log.error("checkpoint at size {} failed; will retry", size, e);
    }
  }

  private StoredCheckpoint checkpointNow(long size) {
    byte[] root = appender.rootHash();
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
    if (!running || !sequencer.isAlive()) {
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
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.close();
  }
}
