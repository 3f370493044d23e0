package dev.custody.store.sqlite;

import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.store.GraphNode;
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
import org.jspecify.annotations.Nullable;

/**
 * Reads of the graph's SQL rows (record_meta) on a reader connection, in chunks of bound
 * parameters.
 */
final class GraphReader {
  private static final int CHUNK = 500;

  private GraphReader() {}

  /**
   * Nodes whose id starts with {@code text} (read by a range of the primary key) or whose name
   * contains it, ASCII case folded (a scan: names have no index).
   */
  static List<GraphNode> search(Connection c, String text, @Nullable String type, int limit)
      throws SQLException {
    String sql =
        "SELECT id, kind, type, name, first_index FROM nodes"
            + " WHERE ((id >= ? AND id < ?) OR instr(lower(name), lower(?)) > 0)"
            + (type == null ? "" : " AND type = ?")
            + " ORDER BY id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setString(i++, text);
      // Every string starting with text sorts below text + U+10FFFF (SQLite compares UTF-8 bytes).
      ps.setString(i++, text + new String(Character.toChars(0x10FFFF)));
      ps.setString(i++, text);
      if (type != null) {
        ps.setString(i++, type);
      }
      ps.setInt(i, limit);
      List<GraphNode> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          NodeId id = NodeId.parse(rs.getString(1), "id");
          Kind kind = Kind.named(rs.getString(2)).orElseThrow();
          out.add(new GraphNode(id, kind, rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
      }
      return out;
    }
  }

  static List<GraphNode> withIdPrefix(Connection c, String prefix, long asOf, int limit)
      throws SQLException {
    String sql =
        "SELECT id, kind, type, name, first_index FROM nodes"
            + " WHERE id >= ? AND id < ? AND first_index < ? ORDER BY id LIMIT ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, prefix);
      // Every string starting with prefix sorts below prefix + U+10FFFF (UTF-8 byte order).
      ps.setString(2, prefix + new String(Character.toChars(0x10FFFF)));
      ps.setLong(3, asOf);
      ps.setInt(4, limit);
      List<GraphNode> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          NodeId id = NodeId.parse(rs.getString(1), "id");
          Kind kind = Kind.named(rs.getString(2)).orElseThrow();
          out.add(new GraphNode(id, kind, rs.getString(3), rs.getString(4), rs.getLong(5)));
        }
      }
      return out;
    }
  }

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
