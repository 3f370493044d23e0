package dev.custody.query;

import dev.custody.store.LogStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest missing links and coverage for metrics, computed off the request path: a
 * background thread recomputes them at most once per {@code every}, and only when the latest
 * checkpoint's size changed since the last result (the result is keyed by log size). A scrape reads
 * {@link #latest()}, a field, and never waits for a whole-graph pass. Thread safe.
 */
public final class GraphQualityMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphQualityMonitor.class);

  /**
   * One result.
   *
   * @param logSize the log size it was computed at
   */
  public record Snapshot(long logSize, Gaps gaps, Coverage coverage) {
    /** Gaps of {@code kind}, or 0 for a kind no rule reports. */
    public long missing(String kind) {
      Gaps.Count c = gaps.byKind().get(kind);
      return c == null ? 0 : c.missing();
    }

    /** The coverage ratio of {@code category} ({@code all} for every category together). */
    public double coverageRatio(String category) {
      if (category.equals(coverage.overall().name())) {
        return coverage.overall().ratio();
      }
      return coverage.categories().stream()
          .filter(l -> l.name().equals(category))
          .findFirst()
          .map(Coverage.Line::ratio)
          .orElse(Double.NaN);
    }
  }

  private final GapService service;
  private final LogStore store;
  private final Duration every;
  private final AtomicReference<@Nullable Snapshot> latest = new AtomicReference<>();
  private @Nullable ScheduledExecutorService executor;

  public GraphQualityMonitor(LogStore store, Duration every) {
    this(store, new GapService(store), every);
  }

  /** A monitor computing with {@code service}, whose passes the routes' queries share. */
  public GraphQualityMonitor(LogStore store, GapService service, Duration every) {
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the refresh interval must be positive: " + every);
    }
    this.store = store;
    this.service = service;
    this.every = every;
  }

  /** Starts the background thread: a first computation now, then at most one per interval. */
  public synchronized GraphQualityMonitor start() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "custody-graph-quality");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
          });
      executor.scheduleWithFixedDelay(
          this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The latest result, if one was computed. */
  public Optional<Snapshot> latest() {
    return Optional.ofNullable(latest.get());
  }

  /**
   * Recomputes now, on the calling thread, unless the latest checkpoint's size is the one of the
   * latest result.
   *
   * @return true if it recomputed
   */
  public boolean refresh() {
    long size = store.latestCheckpoint().map(c -> c.size()).orElse(0L);
    Snapshot last = latest.get();
    if (last != null && last.logSize() == size) {
      return false;
    }
    Gaps gaps = service.summary();
    Coverage coverage = service.coverage(gaps.logSize());
    latest.set(new Snapshot(gaps.logSize(), gaps, coverage));
    return true;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The next run tries again; a failed pass must not end the schedule.
      LOG.warn("computing missing links and coverage failed", e);
    }
  }

  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  /** The gap kinds metrics are reported for, in rule order. */
  public static List<String> gapKinds() {
    return GapRules.RULES.stream().map(GapRules.Rule::kind).toList();
  }

  /** The coverage categories metrics are reported for, then {@code all}. */
  public static List<String> coverageCategories() {
    List<String> out = new ArrayList<>();
    GapRules.CATEGORIES.forEach(c -> out.add(c.name()));
    out.add("all");
    return List.copyOf(out);
  }
}
