package dev.custody.bench;

import dev.custody.store.sqlite.GraphExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The SQL baselines' tables: the graph of a benchmark store in the text-keyed layout of schema
 * version 2.5 (what Custody stored until the graph moved beside the log, and how Marquez keeps
 * lineage), exported once beside the store by {@link GraphExport} and reused while the store holds
 * the same number of projections. The recursive CTEs the benchmarks compare with run on it, with
 * the same indexes they had.
 */
final class LegacyTables {
  private LegacyTables() {}

  /** The exported tables of the store in {@code dir}, exported now if missing or stale. */
  static Path of(Path dir) throws SQLException {
    Path store = dir.resolve("custody.db");
    Path legacy = dir.resolve("legacy-2.5.db");
    long projections = count(store, "graph_records");
    if (Files.exists(legacy) && count(legacy, "record_meta") == projections) {
      return legacy;
    }
    try {
      Files.deleteIfExists(legacy);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot replace " + legacy, e);
    }
    long t0 = System.nanoTime();
    GraphExport.export(store, legacy);
    System.out.printf(
        "exported %,d projections to the version 2.5 tables in %.1f s%n",
        projections, (System.nanoTime() - t0) / 1e9);
    return legacy;
  }

  private static long count(Path db, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
