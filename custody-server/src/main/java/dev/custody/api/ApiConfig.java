package dev.custody.api;

import dev.custody.ingest.RecordLimits;
import java.time.Duration;

/**
 * How the HTTP server listens and what it accepts.
 *
 * @param bind address to listen on (127.0.0.1 by default: nothing is exposed unless asked)
 * @param port TCP port; 0 picks a free one
 * @param limits caps on request bodies and records
 * @param waitTimeout longest a request waits for its commit or for a checkpoint
 * @param qualityRefresh how often, at most, the missing links and coverage that {@code /metrics}
 *     reports are recomputed (in the background, and only when the log grew)
 */
public record ApiConfig(
    String bind, int port, RecordLimits limits, Duration waitTimeout, Duration qualityRefresh) {
  /** The default of {@link #qualityRefresh}. */
  public static final Duration DEFAULT_QUALITY_REFRESH = Duration.ofSeconds(30);

  public ApiConfig {
    if (qualityRefresh.isNegative() || qualityRefresh.isZero()) {
      throw new IllegalArgumentException("qualityRefresh must be positive: " + qualityRefresh);
    }
  }

  public ApiConfig(String bind, int port, RecordLimits limits, Duration waitTimeout) {
    this(bind, port, limits, waitTimeout, DEFAULT_QUALITY_REFRESH);
  }

  public static ApiConfig defaults() {
    return new ApiConfig("127.0.0.1", 8080, RecordLimits.DEFAULTS, Duration.ofSeconds(30));
  }

  public ApiConfig withPort(int p) {
    return new ApiConfig(bind, p, limits, waitTimeout, qualityRefresh);
  }

  public ApiConfig withBind(String b) {
    return new ApiConfig(b, port, limits, waitTimeout, qualityRefresh);
  }

  public ApiConfig withQualityRefresh(Duration every) {
    return new ApiConfig(bind, port, limits, waitTimeout, every);
  }
}
