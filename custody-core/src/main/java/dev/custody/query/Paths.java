package dev.custody.query;

import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@link PathService#paths}: the shortest paths between two nodes.
 *
 * @param from the node the paths start at
 * @param to the node the paths end at
 * @param paths every shortest path (at most {@link PathService#MAX_PATHS}); empty when none is
 *     within the depth asked
 * @param truncated true when the node bound stopped the search, or more shortest paths exist than
 *     are answered
 * @param logSize the log size the answer was computed against (only records below it count)
 * @param rootHash the root hash of the log at {@code logSize}
 * @param edgeAttributes the attributes the asserting record stated on each edge; edges stated
 *     without attributes are absent
 * @param checkpoint the signed checkpoint of size {@code logSize} (empty note when none is signed)
 */
public record Paths(
    GraphNode from,
    GraphNode to,
    List<Path> paths,
    boolean truncated,
    long logSize,
    byte[] rootHash,
    Map<GraphEdge, Map<String, String>> edgeAttributes,
    StoredCheckpoint checkpoint) {
  public Paths {
    paths = List.copyOf(paths);
    edgeAttributes = Map.copyOf(edgeAttributes);
  }

  /** The attributes stated on {@code e}; empty if none. */
  public Map<String, String> attributes(GraphEdge e) {
    return edgeAttributes.getOrDefault(e, Map.of());
  }

  /** Every edge of every path, once each. */
  public java.util.Set<GraphEdge> edges() {
    java.util.Set<GraphEdge> all = new java.util.LinkedHashSet<>();
    paths.forEach(p -> all.addAll(p.edges()));
    return all;
  }

  /** Whether a path was found. */
  public boolean found() {
    return !paths.isEmpty();
  }

  /**
   * One path: {@code nodes.get(i)} and {@code nodes.get(i + 1)} are linked by {@code edges.get(i)},
   * followed whichever way it points (one edge per step: the one asserted first).
   */
  public record Path(List<GraphNode> nodes, List<GraphEdge> edges) {
    public Path {
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
    }
  }
}
