package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.store.LinkCheck;
import dev.custody.store.LinkCheckResult;
import dev.custody.store.LogStore;
import dev.custody.store.MissingLink;
import dev.custody.store.SourceReach;
import dev.custody.store.StoredCheckpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Missing links ({@link #gaps}) and coverage ({@link #coverage}) by the rules of {@link GapRules},
 * as of a log size. Each rule is one whole-graph pass in the store ({@link LogStore#checkLinks},
 * {@link LogStore#reachingSources}), so the cost grows with the graph, not with nodes times walks.
 * Thread safe; reads only.
 */
public final class GapService {
  private static final Comparator<Gaps.Gap> ORDER =
      Comparator.comparingLong(Gaps.Gap::firstIndex)
          .thenComparing(g -> g.node().toString())
          .thenComparing(Gaps.Gap::kind);

  /** How long a pass waits for the one running before it is answered 429. */
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

  private final LogStore store;
  private final TiledHashReader hashes;
  private final Semaphore passes = new Semaphore(1, true);
  private final Duration wait;

  public GapService(LogStore store) {
    this(store, DEFAULT_WAIT);
  }

  /**
   * @param wait how long a request waits for a whole-graph pass already running: passes run one at
   *     a time, so that at a million nodes (tens of seconds each) they never take every reader
   *     connection of the store from the other queries
   */
  GapService(LogStore store, Duration wait) {
    this.store = store;
    this.hashes = new TiledHashReader(store, 64);
    this.wait = wait;
  }

  /** Runs a whole-graph pass once no other is running; 429 after waiting {@link #wait}. */
  private <T> T onePass(Supplier<T> pass) {
    boolean acquired;
    try {
      acquired = passes.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw new InvalidInputException(
          429,
          "busy",
          null,
          "another missing-link or coverage pass over the whole graph is running; retry shortly");
    }
    try {
      return pass.get();
    } finally {
      passes.release();
    }
  }

  /**
   * The missing links {@code q} asks for.
   *
   * @throws InvalidInputException 400 naming {@code asOf} if it exceeds the latest checkpoint's
   *     size
   */
  public Gaps gaps(GapQuery q) {
    StoredCheckpoint latest = latest();
    long asOf = asOf(q.asOf(), latest);
    return onePass(() -> gaps(asOf, root(asOf, latest), q.type(), q.kind(), q.limit()));
  }

  /** Every kind's counts at the latest checkpoint, listing nothing (for metrics). */
  public Gaps summary() {
    StoredCheckpoint latest = latest();
    return onePass(() -> gaps(latest.size(), latest.rootHash(), null, null, 0));
  }

  private Gaps gaps(
      long asOf, byte[] root, @Nullable String type, @Nullable String kind, int limit) {
    Map<String, Gaps.Count> byKind = new LinkedHashMap<>();
    List<Gaps.Gap> listed = new ArrayList<>();
    long checked = 0;
    long missing = 0;
    for (GapRules.Rule rule : GapRules.RULES) {
      if (kind != null && !kind.equals(rule.kind())) {
        continue;
      }
      LinkCheck check = narrowed(rule.check(), type);
      LinkCheckResult r =
          check == null
              ? new LinkCheckResult(0, 0, List.of())
              : store.checkLinks(check, asOf, limit);
      byKind.put(rule.kind(), new Gaps.Count(r.checked(), r.missing()));
      checked += r.checked();
      missing += r.missing();
      for (MissingLink m : r.first()) {
        listed.add(
            new Gaps.Gap(
                m.node(), m.type(), rule.kind(), rule.relation(), m.firstIndex(), m.via()));
      }
    }
    listed.sort(ORDER);
    List<Gaps.Gap> first = listed.subList(0, Math.min(limit, listed.size()));
    return new Gaps(asOf, root, first, byKind, checked, missing, first.size() < missing);
  }

  /** The check restricted to nodes of {@code type}; null when the rule concerns no such node. */
  private static @Nullable LinkCheck narrowed(LinkCheck check, @Nullable String type) {
    if (type == null) {
      return check;
    }
    if (!check.types().isEmpty() && !check.types().contains(type)) {
      return null;
    }
    return new LinkCheck(
        check.kind(), Set.of(type), check.required(), check.via(), check.viaTypes());
  }

  /**
   * Coverage as of log size {@code asOf} (null: the latest checkpoint's).
   *
   * @throws InvalidInputException 400 naming {@code asOf} if it exceeds the latest checkpoint's
   *     size
   */
  public Coverage coverage(@Nullable Long asOf) {
    StoredCheckpoint latest = latest();
    long size = asOf(asOf, latest);
    Set<String> types = new HashSet<>();
    GapRules.CATEGORIES.forEach(c -> types.addAll(c.types()));
    Map<String, SourceReach> reach =
        onePass(() -> store.reachingSources(types, GapRules.SOURCES, GapRules.UPSTREAM, size));
    List<Coverage.Line> lines = new ArrayList<>();
    long nodes = 0;
    long reaching = 0;
    for (GapRules.Category c : GapRules.CATEGORIES) {
      long n = 0;
      long r = 0;
      for (String t : c.types()) {
        SourceReach s = reach.get(t);
        if (s != null) {
          n += s.nodes();
          r += s.reaching();
        }
      }
      lines.add(new Coverage.Line(c.name(), n, r));
      nodes += n;
      reaching += r;
    }
    return new Coverage(size, root(size, latest), lines, new Coverage.Line("all", nodes, reaching));
  }

  private static long asOf(@Nullable Long asked, StoredCheckpoint latest) {
    long asOf = asked == null ? latest.size() : asked;
    if (asOf > latest.size()) {
      throw InvalidInputException.badRequest(
          "asOf",
          "'asOf' must be at most the latest checkpoint's size " + latest.size() + ", got " + asOf);
    }
    return asOf;
  }

  private byte[] root(long asOf, StoredCheckpoint latest) {
    return asOf == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, asOf);
  }

  private StoredCheckpoint latest() {
    return store
        .latestCheckpoint()
        .orElseGet(() -> new StoredCheckpoint(0, Proofs.rootHash(hashes, 0), "", 0));
  }
}
