package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.NodeId;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Shortest paths between two nodes of the provenance graph, following relations either way (commit,
 * build, image, digest, deployment, pod), identity links included as ordinary steps so the path
 * shows them. A breadth-first search, one edge read per level for the whole frontier, bounded by
 * depth and by {@link #MAX_NODES} nodes. Read at the latest checkpoint's size (or an earlier {@code
 * asOf}), so every edge's record can be proven against the root answered. Thread safe; reads only.
 */
public final class PathService {
  public static final int DEFAULT_MAX_DEPTH = 10;
  public static final int MAX_DEPTH = 50;

  /** The most paths answered (shortest paths can be many where the graph fans out). */
  public static final int MAX_PATHS = 10;

  /** The most nodes the search visits. */
  public static final int MAX_NODES = 10_000;

  private final LogStore store;
  private final TiledHashReader hashes;
  private final AnswerProver prover;

  public PathService(LogStore store) {
    this.store = store;
    this.hashes = new TiledHashReader(store, 64);
    this.prover = new AnswerProver(store, hashes);
  }

  /**
   * The proof of {@code answer}'s edges against its checkpoint (see {@link AnswerProof}).
   *
   * @throws InvalidInputException 400 naming {@code proofs} when the edges come from more than
   *     {@value AnswerProver#MAX_RECORDS} records
   */
  public AnswerProof prove(Paths answer) {
    return prover.prove(answer.edges(), answer.logSize(), answer.rootHash(), answer.checkpoint());
  }

  /**
   * The shortest paths from {@code from} to {@code to} of at most {@code maxDepth} steps.
   *
   * @throws InvalidInputException 400 naming {@code maxDepth} out of [1, {@value #MAX_DEPTH}]; 404
   *     naming {@code from} or {@code to} if no checkpointed record states that node
   */
  public Paths paths(NodeId from, NodeId to, int maxDepth) {
    return paths(from, to, maxDepth, null);
  }

  /**
   * The shortest paths as the graph stood at log size {@code asOf} (null: the latest checkpoint's
   * size): only records below it count, and the answer's root is the tree's at that size.
   *
   * @throws InvalidInputException 400 naming {@code asOf} when it is negative or beyond the latest
   *     checkpoint's size
   */
  public Paths paths(NodeId from, NodeId to, int maxDepth, @Nullable Long asOfSize) {
    if (maxDepth < 1 || maxDepth > MAX_DEPTH) {
      throw InvalidInputException.badRequest(
          "maxDepth", "'maxDepth' must be in [1, " + MAX_DEPTH + "], got " + maxDepth);
    }
    StoredCheckpoint latest =
        store
            .latestCheckpoint()
            .orElseGet(() -> new StoredCheckpoint(0, Proofs.rootHash(hashes, 0), "", 0));
    long asOf = asOfSize == null ? latest.size() : asOfSize;
    if (asOf < 0 || asOf > latest.size()) {
      throw InvalidInputException.badRequest(
          "asOf",
          "'asOf' must be in [0, the latest checkpoint's size " + latest.size() + "], got " + asOf);
    }
    Map<NodeId, GraphNode> ends = store.nodesAsOf(List.of(from, to), asOf);
    GraphNode start = existing(ends, from, "from", asOf);
    GraphNode end = existing(ends, to, "to", asOf);
    Search search = new Search(from, asOf);
    boolean reached = from.equals(to) || search.run(to, maxDepth);
    List<List<NodeId>> idPaths = new ArrayList<>();
    List<List<GraphEdge>> edgePaths = new ArrayList<>();
    boolean more = reached && search.collect(to, idPaths, edgePaths);
    Set<NodeId> all = new LinkedHashSet<>();
    idPaths.forEach(all::addAll);
    Map<NodeId, GraphNode> nodes = store.nodesAsOf(all, asOf);
    List<Paths.Path> paths = new ArrayList<>();
    for (int i = 0; i < idPaths.size(); i++) {
      paths.add(new Paths.Path(idPaths.get(i).stream().map(nodes::get).toList(), edgePaths.get(i)));
    }
    Set<GraphEdge> edges = new LinkedHashSet<>();
    edgePaths.forEach(edges::addAll);
    return new Paths(
        start,
        end,
        paths,
        search.cut || more,
        asOf,
        asOf == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, asOf),
        store.edgeAttributes(edges),
        latest);
  }

  private static GraphNode existing(
      Map<NodeId, GraphNode> found, NodeId id, String field, long asOf) {
    GraphNode n = found.get(id);
    if (n == null || n.firstIndex() >= asOf) {
      throw InvalidInputException.notFound(
          field, "no record below log size " + asOf + " states node " + id);
    }
    return n;
  }

  /** One breadth-first search from a node, keeping every shortest way into each node reached. */
  private final class Search {
    final NodeId from;
    final long asOf;
    final Map<NodeId, Integer> depth = new HashMap<>();

    /** For each node reached, the edges (one per neighbour) that reach it by a shortest path. */
    final Map<NodeId, Map<NodeId, GraphEdge>> parents = new HashMap<>();

    boolean cut;

    Search(NodeId from, long asOf) {
      this.from = from;
      this.asOf = asOf;
      depth.put(from, 0);
    }

    /** Searches level by level until {@code to} is reached; true if it was. */
    boolean run(NodeId to, int maxDepth) {
      Set<NodeId> frontier = Set.of(from);
      for (int d = 1; d <= maxDepth && !frontier.isEmpty(); d++) {
        List<GraphEdge> step = new ArrayList<>(store.edgesFrom(frontier, Set.of(), asOf));
        step.addAll(store.edgesTo(frontier, Set.of(), asOf));
        Set<NodeId> next = new LinkedHashSet<>();
        for (GraphEdge e : step) {
          visit(e, e.subject(), e.object(), d, frontier, next);
          visit(e, e.object(), e.subject(), d, frontier, next);
        }
        if (depth.containsKey(to)) {
          return true;
        }
        if (depth.size() > MAX_NODES) {
          cut = true;
          return false;
        }
        frontier = next;
      }
      return false;
    }

    private void visit(
        GraphEdge e, NodeId near, NodeId far, int d, Set<NodeId> frontier, Set<NodeId> next) {
      if (!frontier.contains(near) || near.equals(far)) {
        return;
      }
      Integer known = depth.get(far);
      if (known == null) {
        depth.put(far, d);
        next.add(far);
      } else if (known != d) {
        return;
      }
      // Edges come by log index, so the first edge kept between two nodes is the earliest.
      parents.computeIfAbsent(far, k -> new LinkedHashMap<>()).putIfAbsent(near, e);
    }

    /**
     * Fills the paths from {@code from} to {@code to}, up to {@link #MAX_PATHS}; true if there were
     * more.
     */
    boolean collect(NodeId to, List<List<NodeId>> ids, List<List<GraphEdge>> edges) {
      Deque<NodeId> nodes = new ArrayDeque<>();
      Deque<GraphEdge> steps = new ArrayDeque<>();
      nodes.push(to);
      return walkBack(to, nodes, steps, ids, edges);
    }

    private boolean walkBack(
        NodeId at,
        Deque<NodeId> nodes,
        Deque<GraphEdge> steps,
        List<List<NodeId>> ids,
        List<List<GraphEdge>> edges) {
      if (at.equals(from)) {
        if (ids.size() == MAX_PATHS) {
          return true;
        }
        ids.add(List.copyOf(nodes));
        edges.add(List.copyOf(steps));
        return false;
      }
      for (Map.Entry<NodeId, GraphEdge> p : parents.getOrDefault(at, Map.of()).entrySet()) {
        nodes.push(p.getKey());
        steps.push(p.getValue());
        boolean more = walkBack(p.getKey(), nodes, steps, ids, edges);
        nodes.pop();
        steps.pop();
        if (more) {
          return true;
        }
      }
      return false;
    }
  }
}
