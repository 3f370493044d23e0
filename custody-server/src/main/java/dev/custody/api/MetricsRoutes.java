package dev.custody.api;

import dev.custody.metrics.CustodyMetrics;
import io.javalin.http.Context;

/**
 * {@code GET /metrics} (Prometheus text format) and the timing of graph queries, taken around the
 * route by before/after handlers so that the query routes themselves stay free of metrics code.
 */
final class MetricsRoutes {
  private static final String STARTED = "custody.started";

  private final CustodyMetrics metrics;

  MetricsRoutes(CustodyMetrics metrics) {
    this.metrics = metrics;
  }

  void scrape(Context ctx) {
    ctx.contentType(CustodyMetrics.CONTENT_TYPE).result(metrics.scrape());
  }

  void before(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
  }

  void after(Context ctx) {
    Long started = ctx.attribute(STARTED);
    String query = query(ctx.path());
    if (started != null && query != null) {
      metrics.queryTook(query, System.nanoTime() - started);
    }
  }

  /** The graph query a path asks, or null for other routes (a bounded set of tag values). */
  private static @org.jspecify.annotations.Nullable String query(String path) {
    if (path.equals("/v1/lineage")) {
      return "lineage";
    }
    if (path.startsWith("/v1/nodes/")) {
      return "node";
    }
    if (path.equals("/v1/gaps") || path.equals("/v1/coverage")) {
      return path.substring("/v1/".length());
    }
    if (path.equals("/v1/diff")) {
      return "diff";
    }
    if (path.equals("/v1/impact")) {
      return "impact";
    }
    if (path.startsWith("/v1/artifacts/") && path.endsWith("/provenance")) {
      return "provenance";
    }
    return null;
  }
}
