package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.store.GraphRecord;
import dev.custody.store.NodeNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The index keeps one string for equal types, and for a node's name restated as it was: every
 * record arrives with its own copies, and a naming row is kept per statement.
 */
class GraphIndexStringsTest {
  private static final NodeId PRODUCER = NodeId.parse("https://ci.example/runner", "producer");

  @Test
  void equalTypesAndARestatedNameAreOneStringEach() {
    GraphIndex index = GraphIndex.empty();
    NodeId a = NodeId.parse("dataset:warehouse:orders", "id");
    NodeId b = NodeId.parse("dataset:warehouse:customers", "id");
    add(index, 0, node(a, "dataset", "orders"), node(b, "dataset", "customers"));
    add(index, 1, node(a, "dataset", "orders"));
    add(index, 2, node(a, "table", "orders-v2"));

    List<NodeNaming> ofA = index.namings(a);
    List<NodeNaming> ofB = index.namings(b);
    assertThat(ofA).extracting(NodeNaming::type).containsExactly("dataset", "dataset", "table");
    assertThat(ofA).extracting(NodeNaming::name).containsExactly("orders", "orders", "orders-v2");
    assertThat(ofA.get(1).type()).isSameAs(ofA.get(0).type()).isSameAs(ofB.get(0).type());
    assertThat(ofA.get(1).name()).isSameAs(ofA.get(0).name());
  }

  @Test
  void aNodeWithoutTypeOrNameKeepsNone() {
    GraphIndex index = GraphIndex.empty();
    NodeId a = NodeId.parse("dataset:warehouse:orders", "id");
    add(index, 0, node(a, null, null));
    assertThat(index.namings(a)).isEmpty();
  }

  /** Adds one record of {@code nodes} at {@code logIndex}, as the store's append does. */
  private static void add(GraphIndex index, long logIndex, Node... nodes) {
    List<Node> all = new ArrayList<>(List.of(nodes));
    all.add(new Node(PRODUCER, Kind.AGENT, null, null, Map.of(), null, null));
    GraphRecord g =
        new GraphRecord(logIndex, PRODUCER, Instant.EPOCH, 0, all, List.of(), false, false, false);
    index.add(List.of(g), index.checkKinds(List.of(g)));
  }

  /** A node whose type and name are new strings, as a parsed record's are. */
  private static Node node(NodeId id, String type, String name) {
    return new Node(
        id,
        Kind.ENTITY,
        type == null ? null : new String(type),
        name == null ? null : new String(name),
        Map.of(),
        null,
        null);
  }
}
