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
 */
public record ApiConfig(String bind, int port, RecordLimits limits, Duration waitTimeout) {
  public static ApiConfig defaults() {
    return new ApiConfig("127.0.0.1", 8080, RecordLimits.DEFAULTS, Duration.ofSeconds(30));
  }

  public ApiConfig withPort(int p) {
    return new ApiConfig(bind, p, limits, waitTimeout);
  }

  public ApiConfig withBind(String b) {
    return new ApiConfig(b, port, limits, waitTimeout);
  }
}
