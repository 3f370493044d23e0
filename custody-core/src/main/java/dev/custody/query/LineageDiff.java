package dev.custody.query;

import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import java.util.List;

/**
 * The answer to {@link LineageDiffService#diff}: how the upstream lineage of {@code to} differs
 * from that of {@code from}, both as of one log size.
 *
 * @param added nodes upstream of {@code to} and not of {@code from} (neither start node is listed)
 * @param removed nodes upstream of {@code from} and not of {@code to}
 * @param addedEdges edges of {@code to}'s lineage whose {@code subject relation object} is not in
 *     {@code from}'s, each with the log index of the record that asserted it
 * @param removedEdges the reverse
 * @param commonNodes how many nodes both lineages share
 * @param truncated true when a bound cut either walk: a node past the cut may then be listed as
 *     added or removed although it is upstream of both
 * @param logSize the log size both walks were computed against
 * @param rootHash the root hash of the log at {@code logSize}
 */
public record LineageDiff(
    GraphNode from,
    GraphNode to,
    List<GraphNode> added,
    List<GraphNode> removed,
    List<GraphEdge> addedEdges,
    List<GraphEdge> removedEdges,
    int commonNodes,
    boolean truncated,
    long logSize,
    byte[] rootHash) {
  public LineageDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    addedEdges = List.copyOf(addedEdges);
    removedEdges = List.copyOf(removedEdges);
  }
}
