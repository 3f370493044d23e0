package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.NodeId;
import dev.custody.query.LineageQuery.Direction;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lineage and node queries over the provenance graph a {@link LogStore} holds. Walks are bounded
 * (depth, node count) and say when a bound cut them; identity links (an image and its digest,
 * {@code alternateOf}, {@code specializationOf}) are followed both ways at no depth cost, so every
 * alias of a thing gives the same answer. Thread safe; reads only.
 */
public final class LineageService {
  /** The most mentions {@link #node} answers. */
  public static final int MAX_MENTIONS = 1000;

  private final LogStore store;
  private final TiledHashReader hashes;
  private final AnswerProver prover;

  public LineageService(LogStore store) {
    this.store = store;
    this.hashes = new TiledHashReader(store, 64);
    this.prover = new AnswerProver(store, hashes);
  }

  /**
   * The lineage of {@code q.id()}.
   *
   * @throws InvalidInputException 404 naming {@code id} if no record below the log size states the
   *     node; 400 naming {@code asOf} if it exceeds the latest checkpoint's size
   */
  public Lineage lineage(LineageQuery q) {
    StoredCheckpoint latest = latest();
    long asOf = q.asOf() == null ? latest.size() : q.asOf();
    if (asOf > latest.size()) {
      throw InvalidInputException.badRequest(
          "asOf",
          "'asOf' must be at most the latest checkpoint's size " + latest.size() + ", got " + asOf);
    }
    GraphNode start = existing(q.id(), asOf);
    Walk walk = new Walk(q, asOf);
    walk.add(start.id());
    if (q.direction() != Direction.DOWNSTREAM) {
      walk.run(start.id(), true);
    }
    if (q.direction() != Direction.UPSTREAM) {
      walk.run(start.id(), false);
    }
    Map<NodeId, GraphNode> found = store.nodesAsOf(walk.nodes, asOf); // type and name as then
    start = found.getOrDefault(start.id(), start);
    List<GraphNode> nodes = new ArrayList<>();
    for (NodeId id : walk.nodes) {
      GraphNode n = found.get(id);
      if (n != null && (id.equals(start.id()) || hasType(n, q.types()))) {
        nodes.add(n);
      }
    }
    Set<NodeId> answered = new LinkedHashSet<>();
    nodes.forEach(n -> answered.add(n.id()));
    List<GraphEdge> edges =
        walk.edges.stream()
            .filter(e -> answered.contains(e.subject()) && answered.contains(e.object()))
            .toList();
    byte[] root = asOf == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, asOf);
    return new Lineage(
        start, nodes, edges, walk.truncated, asOf, root, store.edgeAttributes(edges), latest);
  }

  /**
   * The proof of {@code answer}'s edges: each asserting record's inclusion proof against the
   * answer's root, and that root against the latest signed checkpoint when the answer was computed.
   *
   * @throws InvalidInputException 400 naming {@code proofs} when the edges come from more than
   *     {@value AnswerProver#MAX_RECORDS} records
   */
  public AnswerProof prove(Lineage answer) {
    return prover.prove(answer.edges(), answer.logSize(), answer.rootHash(), answer.checkpoint());
  }

  /**
   * A node with its aliases, attributes over time and the records that mention it, as of the latest
   * committed record.
   *
   * @throws InvalidInputException 404 naming {@code id} if no record states the node
   */
  public NodeDetails node(NodeId id) {
    GraphNode n = existing(id, Long.MAX_VALUE);
    Set<NodeId> same = identityClosure(Set.of(id), Long.MAX_VALUE, new LinkedHashSet<>());
    same.remove(id);
    return new NodeDetails(
        n,
        List.copyOf(same),
        store.namings(id),
        store.attributes(id),
        store.mentions(id, MAX_MENTIONS));
  }

  private static boolean hasType(GraphNode n, Set<String> types) {
    return types.isEmpty() || (n.type() != null && types.contains(n.type()));
  }

  private StoredCheckpoint latest() {
    return store
        .latestCheckpoint()
        .orElseGet(() -> new StoredCheckpoint(0, Proofs.rootHash(hashes, 0), "", 0));
  }

  private GraphNode existing(NodeId id, long asOf) {
    GraphNode n = store.nodes(List.of(id)).get(id);
    if (n == null || n.firstIndex() >= asOf) {
      throw InvalidInputException.notFound(
          "id",
          "no record"
              + (asOf == Long.MAX_VALUE ? "" : " below log size " + asOf)
              + " states node "
              + id);
    }
    return n;
  }

  /**
   * {@code ids} and every id linked to them by identity edges (both ways, transitively), below log
   * size {@code asOf}; each identity edge met is added to {@code edges}.
   */
  private Set<NodeId> identityClosure(Set<NodeId> ids, long asOf, Set<GraphEdge> edges) {
    Set<NodeId> all = new LinkedHashSet<>(ids);
    Collection<NodeId> frontier = ids;
    while (!frontier.isEmpty()) {
      List<GraphEdge> links = store.identityLinks(frontier, asOf);
      List<NodeId> next = new ArrayList<>();
      for (GraphEdge e : links) {
        edges.add(e);
        for (NodeId end : List.of(e.subject(), e.object())) {
          if (all.add(end)) {
            next.add(end);
          }
        }
      }
      frontier = next;
    }
    return all;
  }

  /** One query's walk: the nodes and edges found so far, shared by the two directions. */
  private final class Walk {
    final LineageQuery q;
    final long asOf;
    final Set<NodeId> nodes = new LinkedHashSet<>();
    final Set<GraphEdge> edges = new LinkedHashSet<>();
    boolean truncated;

    Walk(LineageQuery q, long asOf) {
      this.q = q;
      this.asOf = asOf;
    }

    private boolean inWindow(EdgeTimes.@org.jspecify.annotations.Nullable Span span) {
      return span != null && span.meets(q.since(), q.until());
    }

    /** Adds a node unless the limit is reached; false (and truncated) when it is. */
    boolean add(NodeId id) {
      if (nodes.contains(id)) {
        return true;
      }
      if (nodes.size() >= q.limit()) {
        truncated = true;
        return false;
      }
      nodes.add(id);
      return true;
    }

    void run(NodeId start, boolean upstream) {
      Set<NodeId> seen = new LinkedHashSet<>();
      Set<NodeId> frontier = expand(Set.of(start), seen);
      for (int depth = 1; !frontier.isEmpty(); depth++) {
        List<GraphEdge> step =
            upstream
                ? store.edgesFrom(frontier, q.relations(), asOf)
                : store.edgesTo(frontier, q.relations(), asOf);
        Map<GraphEdge, EdgeTimes.Span> spans =
            q.windowed() ? EdgeTimes.of(store, step, asOf) : Map.of();
        Set<NodeId> reached = new LinkedHashSet<>();
        for (GraphEdge e : step) {
          if (e.relation().isIdentity()) {
            continue; // expand() follows identity links both ways
          }
          if (q.windowed() && !inWindow(spans.get(e))) {
            continue;
          }
          NodeId far = upstream ? e.object() : e.subject();
          if (depth > q.depth()) {
            truncated |= !seen.contains(far);
            continue;
          }
          if (seen.contains(far) || add(far)) {
            edges.add(e);
            reached.add(far);
          }
        }
        if (depth > q.depth() || truncated && nodes.size() >= q.limit()) {
          return;
        }
        reached.removeAll(seen);
        frontier = expand(reached, seen);
      }
    }

    /** The ids plus their aliases not seen before; all join the answer while the limit allows. */
    private Set<NodeId> expand(Set<NodeId> ids, Set<NodeId> seen) {
      if (ids.isEmpty()) {
        return ids;
      }
      Set<GraphEdge> links = new LinkedHashSet<>();
      Set<NodeId> closure = identityClosure(ids, asOf, links);
      Set<NodeId> out = new LinkedHashSet<>();
      for (NodeId id : closure) {
        if (seen.contains(id) || !add(id)) {
          continue;
        }
        seen.add(id);
        out.add(id);
      }
      edges.addAll(links);
      return out;
    }
  }
}
