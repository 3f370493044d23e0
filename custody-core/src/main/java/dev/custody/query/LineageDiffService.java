package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.query.LineageQuery.Direction;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * "What changed since the previous deploy": the upstream lineage of two nodes (two deployments, two
 * pods) compared. Both walks go through {@link LineageService}'s public API, so they follow aliases
 * and honour the same bounds and time travel as {@code /v1/lineage}; the second walk is pinned to
 * the log size the first answered, so both see one log even while records arrive. Thread safe.
 */
public final class LineageDiffService {
  private final LineageService lineage;

  public LineageDiffService(LineageService lineage) {
    this.lineage = lineage;
  }

  /**
   * The lineage upstream of {@code to} compared with the lineage upstream of {@code from}.
   *
   * @param depth relation hops of each walk, 1 to {@link LineageQuery#MAX_DEPTH}
   * @param asOf compare as the graph stood at this log size; null: the latest checkpoint's size
   * @param limit at most this many nodes in each walk
   * @throws InvalidInputException 404 naming {@code from} or {@code to} if no record below the log
   *     size states it; 400 naming {@code depth}, {@code limit} or {@code asOf} if out of range
   */
  public LineageDiff diff(NodeId from, NodeId to, int depth, @Nullable Long asOf, int limit) {
    Lineage after = walk(to, "to", depth, asOf, limit);
    Lineage before = walk(from, "from", depth, after.logSize(), limit);
    Set<NodeId> beforeIds = ids(before.nodes());
    Set<NodeId> afterIds = ids(after.nodes());
    Set<NodeId> starts = new HashSet<>(List.of(from, to, before.start().id(), after.start().id()));
    List<GraphNode> added =
        after.nodes().stream()
            .filter(n -> !beforeIds.contains(n.id()) && !starts.contains(n.id()))
            .toList();
    List<GraphNode> removed =
        before.nodes().stream()
            .filter(n -> !afterIds.contains(n.id()) && !starts.contains(n.id()))
            .toList();
    Set<String> beforeEdges = keys(before.edges());
    Set<String> afterEdges = keys(after.edges());
    int common = (int) after.nodes().stream().filter(n -> beforeIds.contains(n.id())).count();
    return new LineageDiff(
        before.start(),
        after.start(),
        added,
        removed,
        missing(after.edges(), beforeEdges),
        missing(before.edges(), afterEdges),
        common,
        before.truncated() || after.truncated(),
        after.logSize(),
        after.rootHash());
  }

  private Lineage walk(NodeId id, String field, int depth, @Nullable Long asOf, int limit) {
    LineageQuery q =
        new LineageQuery(id, Direction.UPSTREAM, depth, Set.of(), Set.of(), asOf, limit);
    try {
      return lineage.lineage(q);
    } catch (InvalidInputException e) {
      if (!"id".equals(e.field())) {
        throw e;
      }
      // The lineage query names its one node 'id'; here there are two.
      throw new InvalidInputException(
          e.status(), e.type(), field, e.detail().replace("'id'", "'" + field + "'"));
    }
  }

  private static Set<NodeId> ids(List<GraphNode> nodes) {
    Set<NodeId> out = new HashSet<>();
    nodes.forEach(n -> out.add(n.id()));
    return out;
  }

  /** An edge's statement, whatever record asserted it. */
  private static String key(GraphEdge e) {
    return e.subject() + " " + e.relation().label() + " " + e.object();
  }

  private static Set<String> keys(List<GraphEdge> edges) {
    Set<String> out = new HashSet<>();
    edges.forEach(e -> out.add(key(e)));
    return out;
  }

  private static List<GraphEdge> missing(List<GraphEdge> edges, Set<String> in) {
    return edges.stream().filter(e -> !in.contains(key(e))).toList();
  }
}
