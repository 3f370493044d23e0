package dev.custody.model;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one record says about provenance: who produced it (an agent), when the producer says it did,
 * and the nodes and relations it asserts. The record's log index is the other clock.
 *
 * @param claimedTime the time the producer claims, or null when the format states none (a PROV-JSON
 *     document): the time the log received the record then stands in for it
 */
public record ProvRecord(
    NodeId producer, @Nullable Instant claimedTime, List<Node> nodes, List<Edge> edges) {
  public ProvRecord {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
