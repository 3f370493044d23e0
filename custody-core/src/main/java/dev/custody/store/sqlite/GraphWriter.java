package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Writes graph rows inside the append transaction the caller owns. */
final class GraphWriter {
  private GraphWriter() {}

  /** Every table the graph projection writes (V2__graph.sql, V2_2__names_and_edge_attributes). */
  static final List<String> TABLES =
      List.of(
          "nodes",
          "node_attributes",
          "edges",
          "mentions",
          "record_meta",
          "node_names",
          "edge_attributes");

  // A node keeps its kind: the update applies only when the kinds agree, so a row count of zero
  // means a record tried to change a node's kind. Insert and update are separate statements so
  // that the writer knows which nodes are new (the store keeps a count for metrics).
  private static final String INSERT_NODE =
      "INSERT OR IGNORE INTO nodes(id, kind, type, name, first_index) VALUES (?, ?, ?, ?, ?)";
  // The batched path knows which nodes are new and what the update leaves (see batched): a plain
  // insert, so that a node the caller wrongly thought new fails the transaction instead of being
  // skipped.
  private static final String INSERT_NEW_NODE =
      "INSERT INTO nodes(id, kind, type, name, first_index) VALUES (?, ?, ?, ?, ?)";
  private static final String RENAME_NODE = "UPDATE nodes SET type = ?, name = ? WHERE id = ?";
  private static final String UPDATE_NODE =
      "UPDATE nodes SET type = COALESCE(?, type), name = COALESCE(?, name)"
          + " WHERE id = ? AND kind = ?";

  /**
   * Rows a write added: new nodes and new edges, or -1 for edges when the driver did not say (the
   * store then recounts).
   */
  record Added(long nodes, long edges) {}

  static Added write(Connection c, List<GraphRecord> graph) throws SQLException {
    return write(c, graph, null);
  }

  /**
   * Writes {@code graph}. With {@code stored} (the stored state of every node the graph names, as
   * {@code LogStore.nodes} answers), nodes are written in batches: a new node is inserted, a known
   * one updated only when a record changes its type or name, and a restated one costs nothing.
   * Without it, each node is upserted by its own statements and SQLite says which are new.
   */
  static Added write(Connection c, List<GraphRecord> graph, @Nullable Map<NodeId, GraphNode> stored)
      throws SQLException {
    if (graph.isEmpty()) {
      return new Added(0, 0);
    }
    long newNodes = 0;
    Map<NodeId, GraphNode> current = stored == null ? null : new HashMap<>(stored);
    try (PreparedStatement node = c.prepareStatement(INSERT_NODE);
        PreparedStatement update = c.prepareStatement(UPDATE_NODE);
        PreparedStatement insertNew = c.prepareStatement(INSERT_NEW_NODE);
        PreparedStatement rename = c.prepareStatement(RENAME_NODE);
        PreparedStatement attr =
            c.prepareStatement(
                "INSERT OR IGNORE INTO node_attributes(node, name, value, log_index)"
                    + " VALUES (?, ?, ?, ?)");
        PreparedStatement edge =
            c.prepareStatement(
                "INSERT OR IGNORE INTO edges(subject, relation, object, log_index, time)"
                    + " VALUES (?, ?, ?, ?, ?)");
        PreparedStatement naming =
            c.prepareStatement(
                "INSERT OR IGNORE INTO node_names(node, log_index, type, name) VALUES (?, ?, ?, ?)");
        PreparedStatement edgeAttr =
            c.prepareStatement(
                "INSERT OR IGNORE INTO edge_attributes(subject, relation, object, log_index, name,"
                    + " value) VALUES (?, ?, ?, ?, ?, ?)");
        PreparedStatement mention =
            c.prepareStatement("INSERT OR IGNORE INTO mentions(node, log_index) VALUES (?, ?)");
        PreparedStatement meta =
            c.prepareStatement(
                "INSERT INTO record_meta(log_index, producer, claimed_at, received_at, skew,"
                    + " backfill, causality) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      // Nodes one by one: a later record of the same batch may restate a node, and each
      // upsert's row count is checked.
      List<String> nodeIds = new ArrayList<>();
      for (GraphRecord g : graph) {
        meta.setLong(1, g.index());
        meta.setString(2, g.producer().toString());
        meta.setLong(3, g.claimedTime().toEpochMilli());
        meta.setLong(4, g.receivedAtMillis());
        meta.setBoolean(5, g.skewed());
        meta.setBoolean(6, g.backfill());
        meta.setBoolean(7, g.causality());
        meta.addBatch();
        for (Node n : g.nodes()) {
          if (current == null) {
            newNodes += upsert(node, update, n, g.index());
          } else {
            newNodes += batched(insertNew, rename, current, n, g.index());
          }
          nodeIds.add(n.id().toString());
          if (n.type() != null || n.name() != null) {
            naming.setString(1, n.id().toString());
            naming.setLong(2, g.index());
            naming.setString(3, n.type());
            naming.setString(4, n.name());
            naming.addBatch();
          }
          mention.setString(1, n.id().toString());
          mention.setLong(2, g.index());
          mention.addBatch();
          for (Map.Entry<String, String> a : attributesOf(n).entrySet()) {
            attr.setString(1, n.id().toString());
            attr.setString(2, a.getKey());
            attr.setString(3, a.getValue());
            attr.setLong(4, g.index());
            attr.addBatch();
          }
        }
        for (Edge e : g.edges()) {
          edge.setString(1, e.subject().toString());
          edge.setString(2, e.relation().label());
          edge.setString(3, e.object().toString());
          edge.setLong(4, g.index());
          setTime(edge, 5, e.time());
          edge.addBatch();
          for (Map.Entry<String, String> a : new java.util.TreeMap<>(e.attributes()).entrySet()) {
            edgeAttr.setString(1, e.subject().toString());
            edgeAttr.setString(2, e.relation().label());
            edgeAttr.setString(3, e.object().toString());
            edgeAttr.setLong(4, g.index());
            edgeAttr.setString(5, a.getKey());
            edgeAttr.setString(6, a.getValue());
            edgeAttr.addBatch();
          }
        }
      }
      insertNew.executeBatch();
      rename.executeBatch();
      meta.executeBatch();
      mention.executeBatch();
      attr.executeBatch();
      naming.executeBatch();
      edgeAttr.executeBatch();
      return new Added(newNodes, added(edge.executeBatch()));
    }
  }

  private static long added(int[] counts) {
    long sum = 0;
    for (int n : counts) {
      if (n < 0) {
        return -1;
      }
      sum += n;
    }
    return sum;
  }

  /**
   * Queues the insert of a new node, or the update of a known one whose type or name the record
   * changes, keeping {@code current} as the table will hold it; answers 1 if the node is new.
   */
  private static int batched(
      PreparedStatement insert,
      PreparedStatement rename,
      Map<NodeId, GraphNode> current,
      Node n,
      long index)
      throws SQLException {
    GraphNode known = current.get(n.id());
    if (known == null) {
      insert.setString(1, n.id().toString());
      insert.setString(2, n.kind().label());
      insert.setString(3, n.type());
      insert.setString(4, n.name());
      insert.setLong(5, index);
      insert.addBatch();
      current.put(n.id(), new GraphNode(n.id(), n.kind(), n.type(), n.name(), index));
      return 1;
    }
    if (known.kind() != n.kind()) {
      throw new IllegalArgumentException(
          "node " + n.id() + " is stored with another kind than " + n.kind().label());
    }
    String type = n.type() != null ? n.type() : known.type();
    String name = n.name() != null ? n.name() : known.name();
    if (!Objects.equals(type, known.type()) || !Objects.equals(name, known.name())) {
      rename.setString(1, type);
      rename.setString(2, name);
      rename.setString(3, n.id().toString());
      rename.addBatch();
      current.put(n.id(), new GraphNode(n.id(), n.kind(), type, name, known.firstIndex()));
    }
    return 0;
  }

  /** Inserts or updates a node; answers 1 if it is new. */
  private static int upsert(PreparedStatement insert, PreparedStatement update, Node n, long index)
      throws SQLException {
    insert.setString(1, n.id().toString());
    insert.setString(2, n.kind().label());
    insert.setString(3, n.type());
    insert.setString(4, n.name());
    insert.setLong(5, index);
    if (insert.executeUpdate() == 1) {
      return 1;
    }
    update.setString(1, n.type());
    update.setString(2, n.name());
    update.setString(3, n.id().toString());
    update.setString(4, n.kind().label());
    if (update.executeUpdate() == 0) {
      throw new IllegalArgumentException(
          "node " + n.id() + " is stored with another kind than " + n.kind().label());
    }
    return 0;
  }

  /** The node's attributes, with an activity's times as the PROV attributes they are. */
  private static Map<String, String> attributesOf(Node n) {
    if (n.startedAt() == null && n.endedAt() == null) {
      return n.attributes();
    }
    Map<String, String> all = new java.util.TreeMap<>(n.attributes());
    if (n.startedAt() != null) {
      all.put("prov:startTime", "\"" + n.startedAt() + "\"");
    }
    if (n.endedAt() != null) {
      all.put("prov:endTime", "\"" + n.endedAt() + "\"");
    }
    return all;
  }

  private static void setTime(PreparedStatement ps, int i, @Nullable Instant t)
      throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }
}
