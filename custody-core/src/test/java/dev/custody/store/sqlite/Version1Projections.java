package dev.custody.store.sqlite;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes projections as version 1 of {@link GraphCodec} did (kinds and relations as labels, edge
 * ends as ids), to make stores as releases before version 2 left them: the encoder is gone from the
 * main code, which only reads version 1. {@code GraphCodecTest} holds this writer to bytes the old
 * encoder wrote.
 */
final class Version1Projections {
  private Version1Projections() {}

  /** {@code rows} in version 1's layout. */
  static byte[] encode(GraphCodec.Rows rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(1);
    varint(out, rows.nodes().size());
    for (GraphCodec.NodeRow n : rows.nodes()) {
      string(out, n.id());
      string(out, n.kind().label());
      nullable(out, n.type());
      nullable(out, n.name());
      attributes(out, n.attributes());
    }
    varint(out, rows.edges().size());
    for (GraphCodec.EdgeRow e : rows.edges()) {
      string(out, e.subject());
      string(out, e.relation().label());
      string(out, e.object());
      if (e.time() == Long.MIN_VALUE) {
        out.write(0);
      } else {
        out.write(1);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (e.time() >>> shift));
        }
      }
      attributes(out, e.attributes());
    }
    return out.toByteArray();
  }

  /**
   * Rewrites every other row of {@code graph_records} in the closed store {@code db} as version 1
   * wrote it (the rows at even positions in log order), leaving a store of both formats; returns
   * how many rows it rewrote.
   */
  static int rewriteEveryOtherRow(Path db) throws SQLException {
    Map<Long, byte[]> rewritten = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
      try (PreparedStatement ps =
              c.prepareStatement("SELECT log_index, body FROM graph_records ORDER BY log_index");
          ResultSet rs = ps.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          if (i % 2 == 0) {
            rewritten.put(rs.getLong(1), encode(GraphCodec.decode(rs.getBytes(2))));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE graph_records SET body = ? WHERE log_index = ?")) {
        for (Map.Entry<Long, byte[]> row : rewritten.entrySet()) {
          ps.setBytes(1, row.getValue());
          ps.setLong(2, row.getKey());
          ps.executeUpdate();
        }
      }
    }
    return rewritten.size();
  }

  private static void attributes(ByteArrayOutputStream out, Map<String, String> attributes) {
    varint(out, attributes.size());
    new java.util.TreeMap<>(attributes)
        .forEach((name, value) -> {
          string(out, name);
          string(out, value);
        });
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(out, b.length);
    out.writeBytes(b);
  }

  private static void nullable(ByteArrayOutputStream out, String s) {
    if (s == null) {
      varint(out, 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(out, b.length + 1);
    out.writeBytes(b);
  }

  private static void varint(ByteArrayOutputStream out, int value) {
    int v = value;
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }
}
