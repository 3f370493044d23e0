package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import dev.custody.store.Reach;
import dev.custody.store.StoredCheckpoint;
import it.unimi.dsi.fastutil.ints.IntArrayList;
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
    // The type and name each had at asOf (the prefix read answers the latest ones).
    Map<NodeId, GraphNode> then = store.nodesAsOf(matchedById.keySet(), size);
    List<GraphNode> matched = new ArrayList<>(matchedById.size());
    for (GraphNode n : matchedById.values()) {
      matched.add(then.getOrDefault(n.id(), n));
    }
    Reach walk =
        store.reachDownstream(
            matched.stream().map(GraphNode::id).toList(), DOWNSTREAM, size, MAX_NODES, MAX_DEPTH);
    truncated |= walk.truncated();
    Map<String, Impact.Group> groups = group(walk, matched, limit);
    byte[] root = size == latest.size() ? latest.rootHash() : Proofs.rootHash(hashes, size);
    return new Impact(selector, matched, groups, truncated, size, root, latest);
  }

  private Map<String, Impact.Group> group(Reach walk, List<GraphNode> matched, int limit) {
    Set<NodeId> sources = new HashSet<>();
    Map<NodeId, Integer> position = new HashMap<>(); // only for sources and aliases: few
    for (int i = 0; i < walk.ids().size(); i++) {
      if (walk.reachedAt()[i] < 0 || walk.classes().get(i) != null) {
        position.put(walk.ids().get(i), i);
      }
    }
    for (GraphNode m : matched) {
      Integer at = position.get(m.id());
      List<NodeId> same = at == null ? null : walk.classes().get(at);
      sources.addAll(same == null ? List.of(m.id()) : same);
    }
    // One unit per thing: a node, or a class of aliases (met once, at its first member); its
    // nodes to read are typing[from, to).
    List<Unit> units = new ArrayList<>();
    IntArrayList typing = new IntArrayList();
    Set<List<NodeId>> classesSeen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < walk.ids().size(); i++) {
      List<NodeId> same = walk.classes().get(i);
      if (same == null) {
        // A source is reached at -1, and every source is one (a class is checked below).
        if (walk.reachedAt()[i] >= 0 || !sources.contains(walk.ids().get(i))) {
          typing.add(i);
          units.add(new Unit(null, walk.reachedAt()[i], typing.size() - 1, typing.size()));
        }
        continue;
      }
      NodeId id = walk.ids().get(i);
      if (!classesSeen.add(same) || sources.contains(id)) {
        continue;
      }
      long at = Long.MAX_VALUE;
      for (NodeId a : same) {
        Integer p = position.get(a);
        long r = p == null ? Long.MAX_VALUE : walk.reachedAt()[p];
        at = r >= 0 ? Math.min(at, r) : at;
      }
      int from = typing.size();
      for (NodeId c : candidates(same)) {
        Integer p = position.get(c);
        if (p != null) {
          typing.add(p.intValue());
        }
      }
      units.add(new Unit(same, at, from, typing.size()));
    }
    // Only the nodes that may name a thing are read (an image, not its bare digest), and never
    // the sources: a popular package is named by every SBOM that lists it.
    GraphNode[] read = walk.nodes().at(typing.toIntArray());
    Map<NodeId, GraphNode> nodes = new HashMap<>();
    Map<String, List<Impact.Item>> items = new LinkedHashMap<>();
    GROUPS.forEach(g -> items.put(g, new ArrayList<>()));
    for (Unit u : units) {
      GraphNode rep;
      GraphNode typed;
      List<String> aliases = List.of();
      if (u.same() == null) {
        rep = read[u.from()];
        typed = rep;
      } else {
        nodes.clear();
        for (int k = u.from(); k < u.to(); k++) {
          if (read[k] != null) {
            nodes.put(read[k].id(), read[k]);
          }
        }
        rep = representative(u.same(), nodes);
        typed = rep == null ? null : typed(rep, u.same(), nodes);
        aliases = new ArrayList<>(u.same().size() - 1);
        for (NodeId a : u.same()) {
          if (rep != null && !a.equals(rep.id())) {
            aliases.add(a.toString());
          }
        }
      }
      if (rep != null) {
        items.get(groupOf(typed)).add(new Impact.Item(rep, aliases, u.reachedAt()));
      }
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

  /**
   * A thing to answer: a node ({@code same} null) or a class of aliases, the log index that reached
   * it, and its nodes to read, positions {@code [from, to)} of the read.
   */
  private record Unit(@Nullable List<NodeId> same, long reachedAt, int from, int to) {}

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
}
