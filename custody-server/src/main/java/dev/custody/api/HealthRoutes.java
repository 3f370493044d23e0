package dev.custody.api;

import dev.custody.service.LogService;
import io.javalin.http.Context;

/**
 * {@code GET /readyz}: 200 when the log can take and publish appends, else a 503 problem naming
 * each reason. ({@code /healthz} is liveness only: the process answers HTTP.)
 */
final class HealthRoutes {
  private final LogService log;
  private final Problems problems;

  HealthRoutes(LogService log, Problems problems) {
    this.log = log;
    this.problems = problems;
  }

  void ready(Context ctx) {
    LogService.Readiness r = log.readiness();
    if (!r.ready()) {
      problems.write(ctx, 503, "not-ready", "not ready: " + String.join("; ", r.problems()), null);
      return;
    }
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "ready");
          g.writeNumberField("logSize", r.logSize());
          g.writeNumberField("checkpointSize", r.checkpointSize());
          g.writeNumberField("uncheckpointedMillis", r.uncheckpointedMillis());
          g.writeEndObject();
        });
  }
}
