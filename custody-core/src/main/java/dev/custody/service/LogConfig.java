package dev.custody.service;

import java.time.Duration;

/**
 * Tuning of the write path.
 *
 * @param checkpointInterval longest time between a commit and the checkpoint that covers it
 * @param maxBatchRecords most records one group commit takes (several requests share a batch)
 * @param tileCacheSize full tiles kept expanded in memory for proofs
 * @param clocks how claimed times are judged against receive times
 */
public record LogConfig(
    Duration checkpointInterval, int maxBatchRecords, int tileCacheSize, ClockPolicy clocks) {
  public static final LogConfig DEFAULTS =
      new LogConfig(Duration.ofMillis(500), 20_000, 8192, ClockPolicy.DEFAULTS);

  public LogConfig {
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive");
    }
    if (maxBatchRecords <= 0 || tileCacheSize <= 0) {
      throw new IllegalArgumentException("batch size and tile cache must be positive");
    }
  }

  public LogConfig withCheckpointInterval(Duration d) {
    return new LogConfig(d, maxBatchRecords, tileCacheSize, clocks);
  }

  public LogConfig withClocks(ClockPolicy c) {
    return new LogConfig(checkpointInterval, maxBatchRecords, tileCacheSize, c);
  }
}
