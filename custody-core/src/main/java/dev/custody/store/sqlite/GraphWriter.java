package dev.custody.store.sqlite;

import dev.custody.store.GraphRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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
   * Writes {@code graph}, whose nodes keep their kinds (the caller checked), with each record's
   * projection from {@code projections} ({@link GraphCodec#encode} of it, made beforehand) or, if
   * that is empty, encoded here.
   */
  static void write(Connection c, List<GraphRecord> graph, List<byte[]> projections)
      throws SQLException {
    if (graph.isEmpty()) {
      return;
    }
    try (PreparedStatement projection = c.prepareStatement(INSERT_PROJECTION);
        PreparedStatement meta = c.prepareStatement(INSERT_META)) {
      write(projection, meta, graph, projections);
    }
  }

  /** {@link #write(Connection, List, List)} with the two inserts prepared by the caller. */
  static void write(
      PreparedStatement projection,
      PreparedStatement meta,
      List<GraphRecord> graph,
      List<byte[]> projections)
      throws SQLException {
    if (graph.isEmpty()) {
      return;
    }
    if (!projections.isEmpty() && projections.size() != graph.size()) {
      throw new IllegalArgumentException("one projection per graph record");
    }
    GraphCodec codec = projections.isEmpty() ? new GraphCodec() : null;
    for (int i = 0; i < graph.size(); i++) {
      GraphRecord g = graph.get(i);
      bindMeta(meta, g);
      meta.addBatch();
      projection.setLong(1, g.index());
      projection.setBytes(2, codec != null ? codec.encode(g) : projections.get(i));
      projection.addBatch();
    }
    meta.executeBatch();
    projection.executeBatch();
  }

  /** The insert of a record's projection. */
  static final String INSERT_PROJECTION =
      "INSERT INTO graph_records(log_index, body) VALUES (?, ?)";

  /** The insert of a record's clocks; {@link #bindMeta} binds it. */
  static final String INSERT_META =
      "INSERT INTO record_meta(log_index, producer, claimed_at, received_at, skew, backfill,"
          + " causality) VALUES (?, ?, ?, ?, ?, ?, ?)";

  static void bindMeta(PreparedStatement meta, GraphRecord g) throws SQLException {
    meta.setLong(1, g.index());
    meta.setString(2, g.producer().toString());
    meta.setLong(3, g.claimedTime().toEpochMilli());
    meta.setLong(4, g.receivedAtMillis());
    meta.setBoolean(5, g.skewed());
    meta.setBoolean(6, g.backfill());
    meta.setBoolean(7, g.causality());
  }
}
