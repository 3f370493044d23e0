package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.store.GraphRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The graph in the table layout of schema version 2.5 (one row per node, edge, attribute, naming
 * and mention, in text-keyed tables), written into another SQLite file: what a SQL baseline runs on
 * (the benchmarks' recursive CTEs, as Marquez answers lineage) and what the tests compare the
 * in-memory graph with. The store itself no longer keeps these tables (V3__graph_beside_the_log).
 */
public final class GraphExport {
  private GraphExport() {}

  /** The graph tables as schema version 2.5 had them (V2, V2_1, V2_2, V2_3). */
  public static final String[] DDL = {
    "CREATE TABLE nodes (id TEXT PRIMARY KEY, kind TEXT NOT NULL, type TEXT, name TEXT,"
        + " first_index INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE node_attributes (node TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,"
        + " log_index INTEGER NOT NULL, PRIMARY KEY (node, log_index, name)) WITHOUT ROWID",
    "CREATE TABLE edges (subject TEXT NOT NULL, relation TEXT NOT NULL, object TEXT NOT NULL,"
        + " log_index INTEGER NOT NULL, time INTEGER,"
        + " PRIMARY KEY (subject, relation, object, log_index)) WITHOUT ROWID",
    "CREATE INDEX edges_downstream ON edges (object, relation)",
    "CREATE TABLE mentions (node TEXT NOT NULL, log_index INTEGER NOT NULL,"
        + " PRIMARY KEY (node, log_index)) WITHOUT ROWID",
    "CREATE TABLE record_meta (log_index INTEGER PRIMARY KEY, producer TEXT NOT NULL,"
        + " claimed_at INTEGER NOT NULL, received_at INTEGER NOT NULL,"
        + " skew INTEGER NOT NULL DEFAULT 0, backfill INTEGER NOT NULL DEFAULT 0,"
        + " causality INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE node_names (node TEXT NOT NULL, log_index INTEGER NOT NULL, type TEXT,"
        + " name TEXT, PRIMARY KEY (node, log_index)) WITHOUT ROWID",
    "CREATE TABLE edge_attributes (subject TEXT NOT NULL, relation TEXT NOT NULL,"
        + " object TEXT NOT NULL, log_index INTEGER NOT NULL, name TEXT NOT NULL,"
        + " value TEXT NOT NULL, PRIMARY KEY (subject, relation, object, log_index, name))"
        + " WITHOUT ROWID"
  };

  public static final List<String> LEGACY_TABLES =
      List.of(
          "nodes",
          "node_attributes",
          "edges",
          "mentions",
          "record_meta",
          "node_names",
          "edge_attributes");

  /** A fresh database at {@code db} with the version 2.5 graph tables. */
  public static Connection create(Path db) throws SQLException {
    Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
    try (java.sql.Statement st = c.createStatement()) {
      for (String sql : DDL) {
        st.executeUpdate(sql);
      }
    }
    return c;
  }

  /** Replaces every row by the projections {@code graph}. */
  public static void rewrite(Connection c, List<GraphRecord> graph) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      for (String table : LEGACY_TABLES) {
        st.executeUpdate("DELETE FROM " + table);
      }
    }
    write(c, graph);
  }

  /**
   * Writes every projection {@code store} keeps into the version 2.5 tables of a new database at
   * {@code target} (which must not exist), with the same rows version 2.5 wrote for them.
   */
  public static void export(SqliteLogStore store, Path target) {
    try (Connection c = create(target)) {
      c.setAutoCommit(false);
      List<GraphRecord> chunk = new ArrayList<>();
      store.forEachProjection(g -> {
        chunk.add(g);
        if (chunk.size() == 10_000) {
          writeUnchecked(c, chunk);
          chunk.clear();
        }
      });
      writeUnchecked(c, chunk);
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot export the graph to " + target, e);
    }
  }

  /**
   * {@link #export(SqliteLogStore, Path)} of the store in the database file {@code db}, opened
   * read-only (a server may be running on it).
   */
  public static void export(Path db, Path target) {
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(db)) {
      export(store, target);
    }
  }

  private static void writeUnchecked(Connection c, List<GraphRecord> graph) {
    try {
      write(c, graph);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  // A node keeps its kind: the update applies only when the kinds agree, so a row count of zero
  // means a record tried to change a node's kind.
  private static final String INSERT_NODE =
      "INSERT OR IGNORE INTO nodes(id, kind, type, name, first_index) VALUES (?, ?, ?, ?, ?)";
  private static final String UPDATE_NODE =
      "UPDATE nodes SET type = COALESCE(?, type), name = COALESCE(?, name)"
          + " WHERE id = ? AND kind = ?";

  /** Writes {@code graph} as version 2.5 did, node by node. */
  public static void write(Connection c, List<GraphRecord> graph) throws SQLException {
    if (graph.isEmpty()) {
      return;
    }
    try (PreparedStatement node = c.prepareStatement(INSERT_NODE);
        PreparedStatement update = c.prepareStatement(UPDATE_NODE);
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
        PreparedStatement meta = c.prepareStatement(GraphWriter.INSERT_META)) {
      for (GraphRecord g : graph) {
        GraphWriter.bindMeta(meta, g);
        meta.addBatch();
        for (Node n : g.nodes()) {
          upsert(node, update, n, g.index());
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
          for (Map.Entry<String, String> a : GraphCodec.attributesOf(n).entrySet()) {
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
          for (Map.Entry<String, String> a : new TreeMap<>(e.attributes()).entrySet()) {
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
      meta.executeBatch();
      mention.executeBatch();
      attr.executeBatch();
      naming.executeBatch();
      edgeAttr.executeBatch();
      edge.executeBatch();
    }
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

  private static void setTime(PreparedStatement ps, int i, @Nullable Instant t)
      throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, t.toEpochMilli());
    }
  }
}
