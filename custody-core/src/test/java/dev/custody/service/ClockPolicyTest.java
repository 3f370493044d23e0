package dev.custody.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.store.GraphRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ClockPolicy}: the bounds are inclusive (exactly the tolerance is not flagged). */
class ClockPolicyTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-25T12:00:00Z");
  private static final NodeId CI = NodeId.parse("https://ci.example/", "id");

  private static GraphRecord claiming(Instant claimed) {
    ProvRecord prov =
        new ProvRecord(
            CI,
            claimed,
            List.of(new Node(CI, Kind.AGENT, null, null, Map.of(), null, null)),
            List.of());
    return ClockPolicy.DEFAULTS.judge(GraphRecord.project(0, RECEIVED.toEpochMilli(), prov));
  }

  @Test
  void exactlyTheMaximumSkewIsNotSkew() {
    assertThat(claiming(RECEIVED.plus(Duration.ofMinutes(5))).skewed()).isFalse();
  }

  @Test
  void oneMillisecondBeyondTheMaximumSkewIsSkew() {
    assertThat(claiming(RECEIVED.plus(Duration.ofMinutes(5)).plusMillis(1)).skewed()).isTrue();
  }

  @Test
  void exactlyTheBackfillToleranceIsNotBackfill() {
    assertThat(claiming(RECEIVED.minus(Duration.ofHours(24))).backfill()).isFalse();
  }

  @Test
  void beyondTheBackfillToleranceIsBackfillAndNotSkew() {
    GraphRecord g = claiming(RECEIVED.minus(Duration.ofDays(400)));
    assertThat(g.backfill()).isTrue();
    assertThat(g.skewed()).isFalse();
  }
}
