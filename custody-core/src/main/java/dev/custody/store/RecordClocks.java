package dev.custody.store;

import java.time.Instant;

/**
 * The two clocks of a record that states provenance, and how they were judged when it was appended.
 *
 * @param claimedTime when the producer says it happened
 * @param receivedAtMillis when the server received the record (epoch milliseconds)
 * @param skewed the claimed time was too far in the future of the receive time
 * @param backfill the claimed time was far in the past of the receive time
 * @param causality a time the record states was earlier than the generation or start of something
 *     it depends on
 */
public record RecordClocks(
    long logIndex,
    Instant claimedTime,
    long receivedAtMillis,
    boolean skewed,
    boolean backfill,
    boolean causality) {}
