package dev.custody.service;

import dev.custody.store.GraphRecord;
import java.time.Duration;
import java.time.Instant;

/**
 * How a record's claimed time is judged against the time the server received it. Neither flag
 * refuses the record: a producer's clock may be wrong, and the log keeps what was said.
 *
 * @param maxSkew a claimed time more than this in the future of the receive time is skew
 * @param backfillAfter a claimed time more than this in the past of the receive time is a backfill
 */
public record ClockPolicy(Duration maxSkew, Duration backfillAfter) {
  public static final ClockPolicy DEFAULTS =
      new ClockPolicy(Duration.ofMinutes(5), Duration.ofHours(24));

  public ClockPolicy {
    if (maxSkew.isNegative() || backfillAfter.isNegative()) {
      throw new IllegalArgumentException("clock tolerances must not be negative");
    }
  }

  /** {@code g} with its skew and backfill flags set by this policy. */
  public GraphRecord judge(GraphRecord g) {
    Instant received = Instant.ofEpochMilli(g.receivedAtMillis());
    boolean skewed = g.claimedTime().isAfter(received.plus(maxSkew));
    boolean backfill = g.claimedTime().isBefore(received.minus(backfillAfter));
    return g.withClockFlags(skewed, backfill);
  }
}
