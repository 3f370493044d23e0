package dev.custody.store;

import dev.custody.model.NodeId;
import java.time.Instant;

/**
 * A record that names a node, with the record's two clocks.
 *
 * @param claimedTime when the producer says it happened
 * @param receivedAtMillis when the server received the record (epoch milliseconds)
 */
public record Mention(long logIndex, NodeId producer, Instant claimedTime, long receivedAtMillis) {}
