package dev.custody.query;

import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import java.util.List;

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
 */
public record Paths(
    GraphNode from,
    GraphNode to,
    List<Path> paths,
    boolean truncated,
    long logSize,
    byte[] rootHash) {
  public Paths {
    paths = List.copyOf(paths);
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
