package dev.custody.store.sqlite;

import dev.custody.model.NodeId;
import dev.custody.store.Mention;
import dev.custody.store.RecordClocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of the graph's SQL rows (record_meta) on a reader connection, in chunks of bound
 * parameters.
 */
final class GraphReader {
  private static final int CHUNK = 500;

  private GraphReader() {}

  /** The records at {@code indexes} as mentions: who stated them and their clocks, in log order. */
  static List<Mention> mentions(Connection c, List<Long> indexes) throws SQLException {
    List<Mention> out = new ArrayList<>();
    byLogIndex(
        c,
        "SELECT log_index, producer, claimed_at, received_at, skew, backfill, causality"
            + " FROM record_meta WHERE log_index IN (%s) ORDER BY log_index",
        indexes,
        rs ->
            out.add(
                new Mention(
                    rs.getLong(1),
                    NodeId.parse(rs.getString(2), "producer"),
                    Instant.ofEpochMilli(rs.getLong(3)),
                    rs.getLong(4),
                    rs.getBoolean(5),
                    rs.getBoolean(6),
                    rs.getBoolean(7))));
    return out;
  }

  /** The stored projections of records {@code indexes}, by log index (those stored). */
  static Map<Long, GraphCodec.Rows> projections(Connection c, List<Long> indexes)
      throws SQLException {
    Map<Long, GraphCodec.Rows> out = new HashMap<>();
    byLogIndex(
        c,
        "SELECT log_index, body FROM graph_records WHERE log_index IN (%s)",
        indexes,
        rs -> out.put(rs.getLong(1), GraphCodec.decode(rs.getBytes(2))));
    return out;
  }

  /** One row of a result, read. */
  private interface Row {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code sql}, whose {@code %s} is the list of bound log indexes, once per chunk of {@code
   * indexes} (in order), and hands it every row.
   */
  private static void byLogIndex(Connection c, String sql, List<Long> indexes, Row row)
      throws SQLException {
    for (int from = 0; from < indexes.size(); from += CHUNK) {
      List<Long> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(sql.formatted("?,".repeat(chunk.size() - 1) + "?"))) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            row.read(rs);
          }
        }
      }
    }
  }

  static Optional<RecordClocks> clocks(Connection c, long index) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT claimed_at, received_at, skew, backfill, causality FROM record_meta"
                + " WHERE log_index = ?")) {
      ps.setLong(1, index);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new RecordClocks(
                index,
                Instant.ofEpochMilli(rs.getLong(1)),
                rs.getLong(2),
                rs.getBoolean(3),
                rs.getBoolean(4),
                rs.getBoolean(5)));
      }
    }
  }
}
