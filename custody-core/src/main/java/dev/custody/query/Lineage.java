package dev.custody.query;

import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link LineageQuery}.
 *
 * @param start the node asked about
 * @param nodes the nodes reached (the start first), at most the query's limit
 * @param edges the edges between answered nodes, each with the log index of the record that
 *     asserted it (an edge asserted by two records appears twice)
 * @param truncated true when the depth or the node limit stopped the walk before it ended
 * @param logSize the log size the answer was computed against (only records below it count)
 * @param rootHash the root hash of the log at {@code logSize}, against which each edge's record has
 *     an inclusion proof
 * @param edgeAttributes the attributes the asserting record stated on each edge (name to RFC 8785
 *     canonical JSON); edges stated without attributes are absent
 * @param checkpoint the latest signed checkpoint when the answer was computed ({@code logSize} is
 *     its size unless the question asked for an earlier one)
 */
public record Lineage(
    GraphNode start,
    List<GraphNode> nodes,
    List<GraphEdge> edges,
    boolean truncated,
    long logSize,
    byte[] rootHash,
    Map<GraphEdge, Map<String, String>> edgeAttributes,
    StoredCheckpoint checkpoint) {
  public Lineage {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    edgeAttributes = Map.copyOf(edgeAttributes);
  }

  /** The attributes stated on {@code e}; empty if none. */
  public Map<String, String> attributes(GraphEdge e) {
    return edgeAttributes.getOrDefault(e, Map.of());
  }
}
