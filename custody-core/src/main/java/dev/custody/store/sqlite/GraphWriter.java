package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.store.GraphRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes graph rows inside the append transaction the caller owns. */
final class GraphWriter {
  private GraphWriter() {}

  /** Every table the graph projection writes (V2__graph.sql). */
  static final List<String> TABLES =
      List.of("nodes", "node_attributes", "edges", "mentions", "record_meta");

  // A node keeps its kind: the update applies only when the kinds agree, so a row count of zero
  // means a record tried to change a node's kind.
  private static final String UPSERT_NODE =
      "INSERT INTO nodes(id, kind, type, name, first_index) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT(id) DO UPDATE SET"
          + " type = COALESCE(excluded.type, nodes.type),"
          + " name = COALESCE(excluded.name, nodes.name)"
          + " WHERE nodes.kind = excluded.kind";

  static void write(Connection c, List<GraphRecord> graph) throws SQLException {
    if (graph.isEmpty()) {
      return;
    }
    try (PreparedStatement node = c.prepareStatement(UPSERT_NODE);
        PreparedStatement attr =
            c.prepareStatement(
                "INSERT OR IGNORE INTO node_attributes(node, name, value, log_index)"
                    + " VALUES (?, ?, ?, ?)");
        PreparedStatement edge =
            c.prepareStatement(
                "INSERT OR IGNORE INTO edges(subject, relation, object, log_index, time)"
                    + " VALUES (?, ?, ?, ?, ?)");
        PreparedStatement mention =
            c.prepareStatement("INSERT OR IGNORE INTO mentions(node, log_index) VALUES (?, ?)");
        PreparedStatement meta =
            c.prepareStatement(
                "INSERT INTO record_meta(log_index, producer, claimed_at, received_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      // Nodes one by one: a later record of the same batch may restate a node, and each
      // upsert's row count is checked.
      List<String> nodeIds = new ArrayList<>();
      for (GraphRecord g : graph) {
        meta.setLong(1, g.index());
        meta.setString(2, g.producer().toString());
        meta.setLong(3, g.claimedTime().toEpochMilli());
        meta.setLong(4, g.receivedAtMillis());
        meta.addBatch();
        for (Node n : g.nodes()) {
          upsert(node, n, g.index());
          nodeIds.add(n.id().toString());
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
        }
      }
      meta.executeBatch();
      mention.executeBatch();
      attr.executeBatch();
      edge.executeBatch();
    }
  }

  private static void upsert(PreparedStatement ps, Node n, long index) throws SQLException {
    ps.setString(1, n.id().toString());
    ps.setString(2, n.kind().label());
    ps.setString(3, n.type());
    ps.setString(4, n.name());
    ps.setLong(5, index);
    if (ps.executeUpdate() == 0) {
      throw new IllegalArgumentException(
          "node " + n.id() + " is stored with another kind than " + n.kind().label());
    }
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
