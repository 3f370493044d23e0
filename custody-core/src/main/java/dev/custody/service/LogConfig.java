package dev.custody.service;

import java.time.Duration;

/**
 * Tuning of the write path.
 *
 * @param checkpointInterval longest time between a commit and the checkpoint that covers it
 * @param maxBatchRecords most records one group commit takes (several requests share a batch)
 * @param tileCacheSize full tiles kept expanded in memory for proofs
 * @param clocks how claimed times are judged against receive times
 * @param pipelineRecords records queued from which the next batch is prepared while the last one
 *     commits (0: always)
 */
public record LogConfig(
    Duration checkpointInterval,
    int maxBatchRecords,
    int tileCacheSize,
    ClockPolicy clocks,
    int pipelineRecords) {
  public static final LogConfig DEFAULTS =
      new LogConfig(Duration.ofMillis(500), 20_000, 8192, ClockPolicy.DEFAULTS);

  /**
   * With the default {@code pipelineRecords} (256): fewer records queued than that, the sequencer
   * lets the batch in flight commit before it drains the queue, so that small requests arriving
   * meanwhile share one commit; from that many on, it prepares the next batch while the last one
   * commits (LogService's class comment).
   */
  public LogConfig(
      Duration checkpointInterval, int maxBatchRecords, int tileCacheSize, ClockPolicy clocks) {
    this(checkpointInterval, maxBatchRecords, tileCacheSize, clocks, 256);
  }

  public LogConfig {
    if (pipelineRecords < 0) {
      throw new IllegalArgumentException("pipelineRecords must not be negative");
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("checkpoint interval must be positive");
    }
    if (maxBatchRecords <= 0 || tileCacheSize <= 0) {
      throw new IllegalArgumentException("batch size and tile cache must be positive");
    }
  }

  public LogConfig withCheckpointInterval(Duration d) {
    return new LogConfig(d, maxBatchRecords, tileCacheSize, clocks, pipelineRecords);
  }

  public LogConfig withClocks(ClockPolicy c) {
    return new LogConfig(checkpointInterval, maxBatchRecords, tileCacheSize, c, pipelineRecords);
  }
}
