package dev.custody.store.sqlite;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import dev.custody.store.Mention;
import dev.custody.store.NodeAttribute;
import dev.custody.store.NodeNaming;
import dev.custody.store.OriginTimes;
import dev.custody.store.RecordClocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The graph as schema version 2.5 stored and read it (text-keyed tables, one row per node, edge,
 * attribute, naming and mention; every read a SQL statement), kept in the tests as the reference
 * the in-memory graph must answer exactly as: the property tests write the same projections here
 * and into a store, and compare their answers. This is the code the store ran until version 3
 * (docs/LOG-FORMAT.md, "The graph beside the log"), moved here unchanged but for its name.
 */
final class LegacySqlGraph {
  private LegacySqlGraph() {}

  /** The graph tables as schema version 2.5 had them (V2, V2_1, V2_2, V2_3). */
  static final String[] DDL = {
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

  static final List<String> LEGACY_TABLES =
      List.of(
          "nodes",
          "node_attributes",
          "edges",
          "mentions",
          "record_meta",
          "node_names",
          "edge_attributes");

  /** A fresh database at {@code db} with the version 2.5 graph tables. */
  static Connection create(java.nio.file.Path db) throws SQLException {
    Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
    try (java.sql.Statement st = c.createStatement()) {
      for (String sql : DDL) {
        st.executeUpdate(sql);
      }
    }
    return c;
  }

  /** Replaces every row by the projections {@code graph}. */
  static void rewrite(Connection c, List<GraphRecord> graph) throws SQLException {
    try (java.sql.Statement st = c.createStatement()) {
      for (String table : LEGACY_TABLES) {
        st.executeUpdate("DELETE FROM " + table);
      }
    }
    write(c, graph, null);
  }

  /** The version 2.5 claimed span of a node: over its mentions. */
  static java.util.Optional<dev.custody.store.ClaimedSpan> claimedSpan(Connection c, NodeId node)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MIN(r.claimed_at), MAX(r.claimed_at) FROM mentions m"
                + " JOIN record_meta r ON r.log_index = m.log_index WHERE m.node = ?")) {
      ps.setString(1, node.toString());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long earliest = rs.getLong(1);
        if (rs.wasNull()) {
          return java.util.Optional.empty();
        }
        return java.util.Optional.of(
            new dev.custody.store.ClaimedSpan(
                Instant.ofEpochMilli(earliest), Instant.ofEpochMilli(rs.getLong(2))));
      }
    }
  }

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

  private static final int CHUNK = 500;

  static Map<NodeId, GraphNode> nodes(Connection c, Collection<NodeId> ids) throws SQLException {
    Map<String, NodeId> asked = byText(ids);
    Map<NodeId, GraphNode> out = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      String sql =
          "SELECT id, kind, type, name, first_index FROM nodes WHERE id IN (" + marks(chunk) + ")";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            NodeId id = asked.get(rs.getString(1));
            Kind kind = Kind.named(rs.getString(2)).orElseThrow();
            out.put(id, new GraphNode(id, kind, rs.getString(3), rs.getString(4), rs.getLong(5)));
          }
        }
      }
    }
    return out;
  }

  static Map<NodeId, GraphNode> nodesAsOf(Connection c, Collection<NodeId> ids, long asOf)
      throws SQLException {
    Map<NodeId, GraphNode> out = new HashMap<>();
    for (GraphNode n : nodes(c, ids).values()) {
      if (n.firstIndex() < asOf) {
        out.put(n.id(), new GraphNode(n.id(), n.kind(), null, null, n.firstIndex()));
      }
    }
    List<NodeId> named = List.copyOf(out.keySet());
    for (List<String> chunk : chunks(named)) {
      String sql =
          "SELECT node, type, name FROM node_names WHERE node IN ("
              + marks(chunk)
              + ") AND log_index < ? ORDER BY node, log_index";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = bind(ps, 1, chunk);
        ps.setLong(i, asOf);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            NodeId id = NodeId.parse(rs.getString(1), "id");
            GraphNode n = out.get(id);
            String type = rs.getString(2);
            String name = rs.getString(3);
            out.put(
                id,
                new GraphNode(
                    id,
                    n.kind(),
                    type != null ? type : n.type(),
                    name != null ? name : n.name(),
                    n.firstIndex()));
          }
        }
      }
    }
    return out;
  }

  static List<NodeNaming> namings(Connection c, NodeId node) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT type, name, log_index FROM node_names WHERE node = ? ORDER BY log_index")) {
      ps.setString(1, node.toString());
      List<NodeNaming> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new NodeNaming(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  static Map<GraphEdge, Map<String, String>> edgeAttributes(
      Connection c, Collection<GraphEdge> edges) throws SQLException {
    Map<String, List<GraphEdge>> bySubject = new HashMap<>();
    for (GraphEdge e : edges) {
      bySubject.computeIfAbsent(e.subject().toString(), k -> new ArrayList<>()).add(e);
    }
    Map<GraphEdge, Map<String, String>> out = new HashMap<>();
    List<String> subjects = List.copyOf(bySubject.keySet());
    for (int from = 0; from < subjects.size(); from += CHUNK) {
      List<String> chunk = subjects.subList(from, Math.min(subjects.size(), from + CHUNK));
      String sql =
          "SELECT subject, relation, object, log_index, name, value FROM edge_attributes"
              + " WHERE subject IN ("
              + marks(chunk)
              + ") ORDER BY subject, relation, object, log_index, name";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            for (GraphEdge e : bySubject.get(rs.getString(1))) {
              if (e.relation().label().equals(rs.getString(2))
                  && e.object().toString().equals(rs.getString(3))
                  && e.logIndex() == rs.getLong(4)) {
                out.computeIfAbsent(e, k -> new java.util.TreeMap<>())
                    .put(rs.getString(5), rs.getString(6));
              }
            }
          }
        }
      }
    }
    return out;
  }

  static Map<Long, Instant> claimedTimes(Connection c, Collection<Long> indexes)
      throws SQLException {
    List<Long> all = indexes.stream().distinct().toList();
    Map<Long, Instant> out = new HashMap<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<Long> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      String sql =
          "SELECT log_index, claimed_at FROM record_meta WHERE log_index IN ("
              + "?,".repeat(chunk.size() - 1)
              + "?)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)));
          }
        }
      }
    }
    return out;
  }

  static Map<NodeId, List<NodeAttribute>> attributes(
      Connection c, Collection<NodeId> nodes, Set<String> names, long asOf) throws SQLException {
    Map<NodeId, List<NodeAttribute>> out = new HashMap<>();
    List<String> wanted = names.stream().sorted().toList();
    if (wanted.isEmpty()) {
      return out;
    }
    for (List<String> chunk : chunks(nodes)) {
      String sql =
          "SELECT node, name, value, log_index FROM node_attributes WHERE node IN ("
              + marks(chunk)
              + ") AND name IN ("
              + marks(wanted)
              + ") AND log_index < ? ORDER BY node, log_index, name";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = bind(ps, 1, chunk);
        i = bind(ps, i, wanted);
        ps.setLong(i, asOf);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(NodeId.parse(rs.getString(1), "node"), k -> new ArrayList<>())
                .add(new NodeAttribute(rs.getString(2), rs.getString(3), rs.getLong(4)));
          }
        }
      }
    }
    return out;
  }

  /** Edges whose {@code end} column ("subject" or "object") is one of {@code ids}. */
  static List<GraphEdge> edges(
      Connection c,
      String end,
      Collection<NodeId> ids,
      Set<Relation> relations,
      long asOf,
      NodeIdCache cache)
      throws SQLException {
    Map<String, NodeId> asked = byText(ids);
    List<String> rels = relations.stream().map(Relation::label).sorted().toList();
    List<GraphEdge> out = new ArrayList<>();
    for (List<String> chunk : chunks(ids)) {
      String sql =
          "SELECT subject, relation, object, log_index, time FROM edges WHERE "
              + end
              + " IN ("
              + marks(chunk)
              + ") AND log_index < ?"
              + (rels.isEmpty() ? "" : " AND relation IN (" + marks(rels) + ")")
              + " ORDER BY log_index, subject, relation, object";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = bind(ps, 1, chunk);
        ps.setLong(i++, asOf);
        bind(ps, i, rels);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long millis = rs.getLong(5);
            Instant time = rs.wasNull() ? null : Instant.ofEpochMilli(millis);
            out.add(
                new GraphEdge(
                    id(rs.getString(1), "subject", asked, cache),
                    Relation.named(rs.getString(2)).orElseThrow(),
                    id(rs.getString(3), "object", asked, cache),
                    rs.getLong(4),
                    time));
          }
        }
      }
    }
    return out;
  }

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

  static List<NodeAttribute> attributes(Connection c, NodeId node) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, value, log_index FROM node_attributes WHERE node = ?"
                + " ORDER BY log_index, name")) {
      ps.setString(1, node.toString());
      List<NodeAttribute> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new NodeAttribute(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return out;
    }
  }

  static List<Mention> mentions(Connection c, NodeId node, int limit) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT m.log_index, r.producer, r.claimed_at, r.received_at, r.skew, r.backfill,"
                + " r.causality"
                + " FROM mentions m"
                + " JOIN record_meta r ON r.log_index = m.log_index"
                + " WHERE m.node = ? ORDER BY m.log_index LIMIT ?")) {
      ps.setString(1, node.toString());
      ps.setInt(2, limit);
      List<Mention> out = new ArrayList<>();
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
      return out;
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

  /**
   * {@link dev.custody.store.LogStore#originTimes}: per chunk of entities one statement, the
   * earliest generation stated of each (the primary key's subject and relation prefix) or of an
   * image of that digest (its {@code alternateOf} link, by the downstream index); per chunk of
   * activities one statement, every stated start.
   */
  static Map<NodeId, Instant> originTimes(
      Connection c, Collection<NodeId> entities, Collection<NodeId> activities)
      throws SQLException {
    Map<NodeId, Instant> out = new HashMap<>();
    for (List<String> chunk : chunks(entities)) {
      String in = marks(chunk);
      String sql =
          "SELECT e.subject, MIN(COALESCE(e.time, r.claimed_at)) FROM edges e"
              + " JOIN record_meta r ON r.log_index = e.log_index"
              + " WHERE e.subject IN ("
              + in
              + ") AND e.relation = 'wasGeneratedBy' GROUP BY e.subject"
              + " UNION ALL SELECT a.object, MIN(COALESCE(g.time, r.claimed_at)) FROM edges a"
              + " JOIN edges g ON g.subject = a.subject AND g.relation = 'wasGeneratedBy'"
              + " JOIN record_meta r ON r.log_index = g.log_index"
              + " WHERE a.object IN ("
              + in
              + ") AND a.relation = 'alternateOf'"
              + " AND substr(a.subject, -length(a.object) - 1) = '@' || a.object"
              + " GROUP BY a.object";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, bind(ps, 1, chunk), chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.merge(
                NodeId.parse(rs.getString(1), "id"),
                Instant.ofEpochMilli(rs.getLong(2)),
                OriginTimes::earlier);
          }
        }
      }
    }
    for (List<String> chunk : chunks(activities)) {
      String sql =
          "SELECT node, value FROM node_attributes WHERE node IN ("
              + marks(chunk)
              + ") AND name = 'prov:startTime'";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Instant at = OriginTimes.attributeTime(rs.getString(2));
            if (at != null) {
              out.merge(NodeId.parse(rs.getString(1), "id"), at, OriginTimes::earlier);
            }
          }
        }
      }
    }
    return out;
  }

  /** The asked ids by their text, so that the end a query asked about is never parsed again. */
  private static Map<String, NodeId> byText(Collection<NodeId> ids) {
    Map<String, NodeId> out = new HashMap<>();
    for (NodeId id : ids) {
      out.put(id.toString(), id);
    }
    return out;
  }

  private static NodeId id(
      String text, String field, Map<String, NodeId> asked, NodeIdCache cache) {
    NodeId id = asked.get(text);
    return id != null ? id : cache.get(text, field);
  }

  private static List<List<String>> chunks(Collection<NodeId> ids) {
    List<String> all = ids.stream().map(NodeId::toString).distinct().toList();
    List<List<String>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += CHUNK) {
      out.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
    }
    return out;
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
