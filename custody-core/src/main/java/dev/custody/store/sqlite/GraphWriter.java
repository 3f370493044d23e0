package dev.custody.store.sqlite;

import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the graph rows of records inside the append transaction the caller owns: per record that
 * states provenance, its clocks ({@code record_meta}) and its projection ({@code graph_records},
 * {@link GraphCodec}), both keyed by log index, so a commit appends at the end of two tables
 * instead of touching pages all over text-keyed indexes.
 */
final class GraphWriter {
  private GraphWriter() {}

  /** Every table the graph projection writes (V2__graph.sql, V3__graph_beside_the_log.sql). */
  static final List<String> TABLES = List.of("graph_records", "record_meta");

  /**
   * Writes {@code graph}. {@code stored} is the stored state of every node it names (as {@code
   * LogStore.nodes} answers): a node keeps its kind, so a record that states another kind for a
   * node (stored, or named earlier in {@code graph}) fails the write before anything is written.
   *
   * @throws IllegalArgumentException if a record changes a node's kind
   */
  static void write(Connection c, List<GraphRecord> graph, Map<NodeId, GraphNode> stored)
      throws SQLException {
    if (graph.isEmpty()) {
      return;
    }
    checkKinds(graph, stored);
    try (PreparedStatement projection =
            c.prepareStatement("INSERT INTO graph_records(log_index, body) VALUES (?, ?)");
        PreparedStatement meta =
            c.prepareStatement(
                "INSERT INTO record_meta(log_index, producer, claimed_at, received_at, skew,"
                    + " backfill, causality) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (GraphRecord g : graph) {
        meta.setLong(1, g.index());
        meta.setString(2, g.producer().toString());
        meta.setLong(3, g.claimedTime().toEpochMilli());
        meta.setLong(4, g.receivedAtMillis());
        meta.setBoolean(5, g.skewed());
        meta.setBoolean(6, g.backfill());
        meta.setBoolean(7, g.causality());
        meta.addBatch();
        projection.setLong(1, g.index());
        projection.setBytes(2, GraphCodec.encode(g));
        projection.addBatch();
      }
      meta.executeBatch();
      projection.executeBatch();
    }
  }

  private static void checkKinds(List<GraphRecord> graph, Map<NodeId, GraphNode> stored) {
    Map<NodeId, Kind> named = new HashMap<>();
    for (GraphRecord g : graph) {
      for (Node n : g.nodes()) {
        Kind known = named.get(n.id());
        if (known == null) {
          GraphNode s = stored.get(n.id());
          known = s == null ? n.kind() : s.kind();
          named.put(n.id(), known);
        }
        if (known != n.kind()) {
          throw new IllegalArgumentException(
              "node " + n.id() + " is stored with another kind than " + n.kind().label());
        }
      }
    }
  }
}
