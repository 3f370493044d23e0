package dev.custody.store;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one new record adds to the provenance graph, written by {@link LogStore#append} in the same
 * transaction as the record: its nodes (with the aliases their ids imply), its edges, and the
 * record's two clocks. Every backend projects the same way because the projection is made here, not
 * in SQL.
 *
 * @param index the log index of the record that states all of this
 * @param receivedAtMillis when the server received the record (epoch milliseconds)
 * @param nodes the nodes stated, then the bare-digest nodes implied by image ids
 * @param edges the edges stated, then one {@code alternateOf} per image id to its bare digest
 * @param skewed the claimed time is too far in the future of the receive time
 * @param backfill the claimed time is far in the past of the receive time
 * @param causality a time the record states is earlier than the generation or start of something it
 *     depends on (see {@code CausalityCheck})
 */
public record GraphRecord(
    long index,
    NodeId producer,
    Instant claimedTime,
    long receivedAtMillis,
    List<Node> nodes,
    List<Edge> edges,
    boolean skewed,
    boolean backfill,
    boolean causality) {
  public GraphRecord {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** This projection with the clocks judged (the service's clock policy decides). */
  public GraphRecord withClockFlags(boolean skewed, boolean backfill) {
    return new GraphRecord(
        index, producer, claimedTime, receivedAtMillis, nodes, edges, skewed, backfill, causality);
  }

  /** This projection with the causality flag set as the check decided. */
  public GraphRecord withCausality(boolean causality) {
    return new GraphRecord(
        index, producer, claimedTime, receivedAtMillis, nodes, edges, skewed, backfill, causality);
  }

  /**
   * The projection of {@code prov}, stated by the record at {@code index}, with no clock flag set.
   */
  public static GraphRecord project(long index, long receivedAtMillis, ProvRecord prov) {
    Map<NodeId, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>(prov.edges());
    for (Node n : prov.nodes()) {
      nodes.put(n.id(), n);
    }
    for (Node n : prov.nodes()) {
      Optional<Node> alias = impliedAlias(n);
      if (alias.isPresent()) {
        nodes.putIfAbsent(alias.get().id(), alias.get());
        edges.add(new Edge(n.id(), Relation.ALTERNATE_OF, alias.get().id(), null, Map.of()));
      }
    }
    return new GraphRecord(
        index,
        prov.producer(),
        prov.claimedTime() != null ? prov.claimedTime() : Instant.ofEpochMilli(receivedAtMillis),
        receivedAtMillis,
        List.copyOf(nodes.values()),
        edges,
        false,
        false,
        false);
  }

  /**
   * The node an id implies besides itself: an image entity named by repository and digest is an
   * alias of the bare digest, an entity too (docs/IDENTIFIERS.md).
   */
  public static Optional<Node> impliedAlias(Node n) {
    if (n.kind() != Kind.ENTITY) {
      return Optional.empty();
    }
    return n.id()
        .digestAlias()
        .map(d -> new Node(d, Kind.ENTITY, null, null, Map.of(), null, null));
  }
}
