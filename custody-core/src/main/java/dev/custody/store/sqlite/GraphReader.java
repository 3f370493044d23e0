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
import java.util.List;
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
    for (int from = 0; from < indexes.size(); from += CHUNK) {
      List<Long> chunk = indexes.subList(from, Math.min(indexes.size(), from + CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT log_index, producer, claimed_at, received_at, skew, backfill, causality"
                  + " FROM record_meta WHERE log_index IN ("
                  + "?,".repeat(chunk.size() - 1)
                  + "?) ORDER BY log_index")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(
                new Mention(
                    rs.getLong(1),
                    NodeId.parse(rs.getString(2), "producer"),
                    Instant.ofEpochMilli(rs.getLong(3)),
                    rs.getLong(4),
                    rs.getBoolean(5),
                    rs.getBoolean(6),
                    rs.getBoolean(7)));
          }
        }
      }
    }
    return out;
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

  private static String marks(List<String> values) {
    return "?,".repeat(values.size() - 1) + "?";
  }

  private static int bind(PreparedStatement ps, int first, List<String> values)
      throws SQLException {
    int i = first;
    for (String v : values) {
      ps.setString(i++, v);
    }
    return i;
  }
}
