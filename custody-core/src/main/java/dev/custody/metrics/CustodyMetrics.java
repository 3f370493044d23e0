package dev.custody.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Custody's metrics, named Prometheus style with a {@code custody_} prefix. Micrometer adds the
 * unit and {@code _total} suffixes: {@code custody.records.accepted} is scraped as {@code
 * custody_records_accepted_total}.
 *
 * <ul>
 *   <li>{@code custody_records_accepted_total}: records newly appended (idempotent repeats are not)
 *   <li>{@code custody_requests_refused_total{type}}: problem responses by problem type
 *   <li>{@code custody_log_size_records}, {@code custody_checkpoint_age_seconds}, {@code
 *       custody_checkpoint_lag_records}, {@code custody_graph_nodes}, {@code custody_graph_edges}:
 *       gauges sampled at scrape time from suppliers that must be cheap
 *   <li>{@code custody_append_seconds}: from queueing an append to its durable commit (histogram)
 *   <li>{@code custody_query_seconds{query}}: graph queries (histogram)
 *   <li>{@code custody_commit_batch_records}: records per group commit (histogram)
 *   <li>{@code custody_clock_skew_total}, {@code custody_clock_backfill_total}: new records whose
 *       claimed time is too far in the future, or far in the past, of their receive time
 *   <li>{@code custody_missing_link_rate}, {@code custody_missing_links{kind}}, {@code
 *       custody_coverage_ratio{category}}: gauges read from a result a background thread computes
 *       (a whole-graph pass never runs at scrape time)
 *   <li>{@code custody_clock_flags_total{reason}}: new records flagged by the clock checks, by
 *       reason ({@code skew}, {@code backfill}, {@code causality}: a stated time earlier than the
 *       origin of something the record depends on)
 * </ul>
 *
 * <p>Thread safe.
 */
public final class CustodyMetrics {
  /** The media type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Timer append;
  private final DistributionSummary batch;
  private final Counter skew;
  private final Counter backfill;

  public CustodyMetrics() {
    accepted =
        Counter.builder("custody.records.accepted")
            .description("Records newly appended to the log")
            .register(registry);
    append =
        Timer.builder("custody.append")
            .description("Time from queueing an append to its durable commit")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
    skew =
        Counter.builder("custody.clock.skew")
            .description("New records whose claimed time is too far in the future")
            .register(registry);
    backfill =
        Counter.builder("custody.clock.backfill")
            .description("New records whose claimed time is far in the past")
            .register(registry);
    for (String reason : new String[] {"skew", "backfill", "causality"}) {
      clockFlagCounter(reason); // scraped as 0 before the first flag
    }
    batch =
        DistributionSummary.builder("custody.commit.batch")
            .baseUnit("records")
            .description("Records per group commit")
            .publishPercentileHistogram()
            .minimumExpectedValue(1.0)
            .maximumExpectedValue(20_000.0)
            .register(registry);
  }

  /**
   * Registers the gauges that describe the log. Each supplier runs at every scrape, so it must be
   * cheap (a field read, never a table scan).
   */
  public void logGauges(
      LongSupplier logSize,
      DoubleSupplier checkpointAgeSeconds,
      LongSupplier checkpointLag,
      LongSupplier graphNodes,
      LongSupplier graphEdges) {
    gauge("custody.log.size", "records", "Records in the log", logSize::getAsLong);
    gauge(
        "custody.checkpoint.age",
        "seconds",
        "Seconds since the latest checkpoint was signed",
        checkpointAgeSeconds);
    gauge(
        "custody.checkpoint.lag",
        "records",
        "Records committed but not yet covered by a checkpoint",
        checkpointLag::getAsLong);
    gauge("custody.graph.nodes", null, "Nodes in the provenance graph", graphNodes::getAsLong);
    gauge("custody.graph.edges", null, "Edges in the provenance graph", graphEdges::getAsLong);
  }

  /**
   * Registers the gauges of missing links and coverage: {@code custody_missing_link_rate}, {@code
   * custody_missing_links{kind}} for each of {@code gapKinds} and {@code
   * custody_coverage_ratio{category}} for each of {@code categories}. The functions run at every
   * scrape, so they must read a computed result, never compute one; NaN says "not yet computed".
   */
  public void graphQualityGauges(
      DoubleSupplier missingLinkRate,
      List<String> gapKinds,
      ToDoubleFunction<String> missingLinks,
      List<String> categories,
      ToDoubleFunction<String> coverageRatio) {
    gauge(
        "custody.missing.link.rate",
        null,
        "Missing links per link checked (GET /v1/gaps)",
        missingLinkRate);
    for (String kind : gapKinds) {
      Gauge.builder("custody.missing.links", () -> missingLinks.applyAsDouble(kind))
          .description("Missing links by gap kind (GET /v1/gaps)")
          .tag("kind", kind)
          .strongReference(true)
          .register(registry);
    }
    for (String category : categories) {
      Gauge.builder("custody.coverage.ratio", () -> coverageRatio.applyAsDouble(category))
          .description("Share of a category whose chain reaches a source commit (GET /v1/coverage)")
          .tag("category", category)
          .strongReference(true)
          .register(registry);
    }
  }

  private void gauge(String name, @Nullable String unit, String description, DoubleSupplier value) {
    Gauge.Builder<DoubleSupplier> b =
        Gauge.builder(name, value, DoubleSupplier::getAsDouble).description(description);
    if (unit != null) {
      b.baseUnit(unit);
    }
    b.strongReference(true).register(registry);
  }

  /** {@code n} records were newly appended. */
  public void recordsAccepted(long n) {
    accepted.increment(n);
  }

  /** One group commit took {@code records} records (new and repeated). */
  public void batchCommitted(int records) {
    batch.record(records);
  }

  /** How many group commits there were, and how many records they took in all. */
  public long[] commitsAndRecords() {
    return new long[] {batch.count(), (long) batch.totalAmount()};
  }

  /** An append request took {@code nanos} from queueing to its outcome. */
  public void appendTook(long nanos) {
    append.record(Duration.ofNanos(nanos));
  }

  /**
   * A graph query ({@code lineage}, {@code node}, {@code gaps}, {@code coverage}) took {@code
   * nanos}.
   */
  public void queryTook(String query, long nanos) {
    Timer.builder("custody.query")
        .description("Graph query latency")
        .tag("query", query)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  /** A request was answered with a problem of {@code type} (the slug, e.g. {@code not-found}). */
  public void refused(String type) {
    Counter.builder("custody.requests.refused")
        .description("Requests answered with a problem, by problem type")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** A new record's clocks were judged: count each flag it got. */
  public void clocksJudged(boolean skewed, boolean backfill, boolean causality) {
    if (skewed) {
      skew.increment();
      clockFlag("skew");
    }
    if (backfill) {
      this.backfill.increment();
      clockFlag("backfill");
    }
    if (causality) {
      clockFlag("causality");
    }
  }

  private void clockFlag(String reason) {
    clockFlagCounter(reason).increment();
  }

  private Counter clockFlagCounter(String reason) {
    return Counter.builder("custody.clock.flags")
        .description("New records flagged by the clock checks, by reason")
        .tag("reason", reason)
        .register(registry);
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }
}
