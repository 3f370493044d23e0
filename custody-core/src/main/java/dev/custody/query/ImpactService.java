package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Impact: everything downstream of a package (any version, an exact one, or a {@code vers:} range)
 * — the packages that depend on it, the artifacts and images built with it, the deployments that
 * run those and their pods, datasets written by runs that used it — grouped by kind. One
 * breadth-first walk from all matching package nodes at once (the store's edge reads take the whole
 * frontier, so a level costs one read whatever the number of sources); identity links are followed
 * both ways, so an image and its bare digest are one thing. Thread safe; reads only.
 */
public final class ImpactService {
  /** The groups of an answer, in order. */
  public static final List<String> GROUPS =
      List.of("packages", "artifacts", "images", "deployments", "pods", "datasets", "other");

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  /** At most this many package versions start a walk. */
  static final int MAX_SOURCES = 10_000;

  /** At most this many nodes are visited; past it the answer is truncated. */
  static final int MAX_NODES = 500_000;

  /** At most this many levels (relation hops) are walked. */
  static final int MAX_DEPTH = 100;

  /** Every relation but the identity links, which are read by themselves. */
  private static final Set<Relation> DOWNSTREAM =
      EnumSet.complementOf(EnumSet.of(Relation.ALTERNATE_OF, Relation.SPECIALIZATION_OF));

  private final LogStore store;
  private final TiledHashReader hashes;

  public ImpactService(LogStore store) {
    this.store = store;
    this.hashes = new TiledHashReader(store, 64);
  }

  /**
   * What is downstream of the packages {@code selector} matches, at log size {@code asOf} (null:
   * the latest checkpoint's), listing at most {@code limit} things a group.
   *
   * @throws InvalidInputException 400 naming {@code asOf} or {@code limit} when out of range
   */
  public Impact impact(PackageSelector selector, @Nullable Long asOf, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.badRequest(
          "limit", "'limit' must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    StoredCheckpoint latest =
        store
            .latestCheckpoint()
            .orElseGet(() -> new StoredCheckpoint(0, Proofs.rootHash(hashes, 0), "", 0));
    long size = asOf == null ? latest.size() : asOf;
    if (size < 0 || size > latest.size()) {
      throw InvalidInputException.badRequest(
          "asOf",
          "'asOf' must be in [0, the latest checkpoint's size " + latest.size() + "], got " + size);
    }
    Map<NodeId, GraphNode> matchedById = new LinkedHashMap<>();
    boolean truncated = false;
    for (String prefix : selector.idPrefixes()) {
      int room = MAX_SOURCES - matchedById.size();
      List<GraphNode> candidates = store.nodesWithIdPrefix(prefix, size, room + 1);
      for (GraphNode n : candidates.subList(0, Math.min(candidates.size(), room))) {
        if (selector.matches(n.id())) {
          matchedById.putIfAbsent(n.id(), n);
        }
      }
      if (candidates.size() > room) {
        truncated = true;
        break;
      }
    }
    NodeId versionless = selector.versionlessId();
    if (versionless != null && selector.matches(versionless)) {
      GraphNode n = store.nodes(List.of(versionless)).get(versionless);
      if (n != null && n.firstIndex() < size) {
        matchedById.putIfAbsent(n.id(), n);
      }
    }
    List<GraphNode> matched = new ArrayList<>(matchedById.values());
    Walk walk = new Walk(size);
    matched.forEach(n -> walk.reach(n.id(), -1));
    truncated |= walk.run();
    Map<String, Impact.Group> groups = group(walk, matched, size, limit);
    byte[] root = size == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, size);
    return new Impact(selector, matched, groups, truncated, size, root, latest);
  }

  private Map<String, Impact.Group> group(
      Walk walk, List<GraphNode> matched, long size, int limit) {
    Set<NodeId> sources = new HashSet<>();
    for (GraphNode m : matched) {
      sources.addAll(walk.classOf(m.id()));
    }
    // One unit per thing: a node, or a class of aliases (met once, at its first member).
    List<List<NodeId>> units = new ArrayList<>();
    List<Long> reachedAt = new ArrayList<>();
    List<NodeId> typing = new ArrayList<>();
    Set<List<NodeId>> classesSeen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<NodeId, Long> e : walk.reached.entrySet()) {
      NodeId id = e.getKey();
      List<NodeId> same = walk.classes.get(id);
      if (same == null) {
        if (!sources.contains(id)) {
          units.add(List.of(id));
          reachedAt.add(e.getValue());
          typing.add(id);
        }
        continue;
      }
      if (!classesSeen.add(same) || sources.contains(id)) {
        continue;
      }
      long at = Long.MAX_VALUE;
      for (NodeId a : same) {
        long i = walk.reached.getOrDefault(a, Long.MAX_VALUE);
        at = i >= 0 ? Math.min(at, i) : at;
      }
      units.add(same);
      reachedAt.add(at);
      typing.addAll(candidates(same));
    }
    // Only the nodes that may name a thing are read (an image, not its bare digest), and never
    // the sources: a popular package is named by every SBOM that lists it.
    Map<NodeId, GraphNode> nodes = store.nodesAsOf(typing, size);
    Map<String, List<Impact.Item>> items = new LinkedHashMap<>();
    GROUPS.forEach(g -> items.put(g, new ArrayList<>()));
    for (int u = 0; u < units.size(); u++) {
      List<NodeId> same = units.get(u);
      GraphNode rep = representative(same, nodes);
      if (rep == null) {
        continue;
      }
      List<String> aliases = new ArrayList<>(same.size() - 1);
      for (NodeId a : same) {
        if (!a.equals(rep.id())) {
          aliases.add(a.toString());
        }
      }
      GraphNode typed = typed(rep, same, nodes);
      items.get(groupOf(typed)).add(new Impact.Item(rep, aliases, reachedAt.get(u)));
    }
    Map<String, Impact.Group> out = new LinkedHashMap<>();
    Comparator<Impact.Item> order =
        Comparator.comparingLong((Impact.Item i) -> i.node().firstIndex())
            .thenComparing(i -> i.node().id());
    for (Map.Entry<String, List<Impact.Item>> e : items.entrySet()) {
      List<Impact.Item> all = e.getValue();
      all.sort(order);
      out.put(
          e.getKey(), new Impact.Group(all.size(), all.subList(0, Math.min(limit, all.size()))));
    }
    return out;
  }

  /** The members of a class that may name it: its images by repository if any, else all. */
  private static List<NodeId> candidates(List<NodeId> same) {
    List<NodeId> images = new ArrayList<>(1);
    for (NodeId id : same) {
      if (id.scheme() == NodeId.Scheme.IMAGE) {
        images.add(id);
      }
    }
    return images.isEmpty() ? same : images;
  }

  /** The node that names a class of aliases: an image by repository first, else the smallest id. */
  private static @Nullable GraphNode representative(
      List<NodeId> same, Map<NodeId, GraphNode> nodes) {
    GraphNode best = null;
    for (NodeId id : same) {
      GraphNode n = nodes.get(id);
      if (n == null) {
        continue;
      }
      if (best == null
          || rank(n) < rank(best)
          || rank(n) == rank(best) && n.id().compareTo(best.id()) < 0) {
        best = n;
      }
    }
    return best;
  }

  private static int rank(GraphNode n) {
    return n.id().scheme() == NodeId.Scheme.IMAGE ? 0 : n.type() != null ? 1 : 2;
  }

  /** The representative, with a type borrowed from an alias when it has none. */
  private static GraphNode typed(GraphNode rep, List<NodeId> same, Map<NodeId, GraphNode> nodes) {
    if (rep.type() != null) {
      return rep;
    }
    for (NodeId id : same) {
      GraphNode n = nodes.get(id);
      if (n != null && n.type() != null) {
        return new GraphNode(rep.id(), rep.kind(), n.type(), rep.name(), rep.firstIndex());
      }
    }
    return rep;
  }

  /** The group of a node, by its stated type first, then by the form of its id. */
  static String groupOf(GraphNode n) {
    String type = n.type() == null ? "" : n.type();
    NodeId.Scheme scheme = n.id().scheme();
    if (type.equals("deployment")) {
      return "deployments";
    }
    if (type.equals("pod")) {
      return "pods";
    }
    if (type.equals("container-image") || scheme == NodeId.Scheme.IMAGE) {
      return "images";
    }
    if (type.equals("package") || scheme == NodeId.Scheme.PURL) {
      return "packages";
    }
    if (type.startsWith("dataset") || scheme == NodeId.Scheme.DATASET) {
      return "datasets";
    }
    boolean artifactType = type.equals("artifact") || type.equals("file");
    if (n.kind() == Kind.ENTITY
        && (artifactType || type.isEmpty() && scheme == NodeId.Scheme.DIGEST)) {
      return "artifacts";
    }
    return "other"; // SBOMs, attestations, builds, runs, ...
  }

  /** One multi-source walk downstream, identity links both ways. */
  private final class Walk {
    final long asOf;

    /** Every node reached, with the log index of the edge that reached it (-1: a source). */
    final Map<NodeId, Long> reached = new LinkedHashMap<>();

    /** Identity classes: each node's aliases (itself included), for nodes that have any. */
    final Map<NodeId, List<NodeId>> classes = new HashMap<>();

    List<NodeId> frontier = new ArrayList<>();

    Walk(long asOf) {
      this.asOf = asOf;
    }

    void reach(NodeId id, long logIndex) {
      if (reached.putIfAbsent(id, logIndex) == null) {
        frontier.add(id);
      }
    }

    List<NodeId> classOf(NodeId id) {
      return classes.getOrDefault(id, List.of(id));
    }

    /**
     * Walks to the end or a bound; true when a bound stopped it. Each level is two reads for the
     * whole frontier: every relation into it (downstream), and its identity links both ways (one
     * per link, from the index's own lists); an alias found joins the next level's frontier.
     */
    boolean run() {
      for (int depth = 0; !frontier.isEmpty(); depth++) {
        if (depth >= MAX_DEPTH || reached.size() >= MAX_NODES) {
          return true;
        }
        List<NodeId> level = frontier;
        frontier = new ArrayList<>();
        for (GraphEdge e : store.edgesTo(level, DOWNSTREAM, asOf)) {
          reach(e.subject(), e.logIndex());
        }
        for (GraphEdge e : store.identityLinks(level, asOf)) {
          boolean fromSubject = reached.containsKey(e.subject());
          NodeId known = fromSubject ? e.subject() : e.object();
          alias(e.other(known), known, e.logIndex());
        }
      }
      return false;
    }

    /** {@code found} is an alias of {@code known}, reached by what reached {@code known}. */
    private void alias(NodeId found, NodeId known, long linkIndex) {
      join(found, known);
      reach(found, reached.getOrDefault(known, linkIndex));
    }

    private void join(NodeId a, NodeId b) {
      List<NodeId> ca = classOf(a);
      List<NodeId> cb = classOf(b);
      if (ca == cb || ca.contains(b)) {
        return;
      }
      List<NodeId> merged = new ArrayList<>(ca);
      merged.addAll(cb);
      for (NodeId id : merged) {
        classes.put(id, merged);
      }
    }
  }
}
