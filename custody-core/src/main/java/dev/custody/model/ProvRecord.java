package dev.custody.model;

import java.time.Instant;
import java.util.List;

/**
 * What one record says about provenance: who produced it (an agent), when the producer says it did,
 * and the nodes and relations it asserts. The record's log index is the other clock.
 */
public record ProvRecord(NodeId producer, Instant claimedTime, List<Node> nodes, List<Edge> edges) {
  public ProvRecord {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }
}
