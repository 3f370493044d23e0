package dev.custody.store.sqlite;

import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.Mention;
import dev.custody.store.NodeAttribute;
import dev.custody.store.NodeNaming;
import dev.custody.store.OriginTimes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph as schema version 2.5 stored and read it (text-keyed tables, one row per node, edge,
 * attribute, naming and mention; every read a SQL statement), kept in the tests as the reference
 * the in-memory graph must answer exactly as: the property tests write the same projections here
 * and into a store, and compare their answers. These are the reads the store ran until version 3
 * (docs/LOG-FORMAT.md, "The graph beside the log"), moved here unchanged; the tables are written by
 * {@link GraphExport}, the version 2.5 writer.
 */
final class LegacySqlGraph {
  private LegacySqlGraph() {}

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
      Connection c, String end, Collection<NodeId> ids, Set<Relation> relations, long asOf)
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
                    id(rs.getString(1), "subject", asked),
                    Relation.named(rs.getString(2)).orElseThrow(),
                    id(rs.getString(3), "object", asked),
                    rs.getLong(4),
                    time));
          }
        }
      }
    }
    return out;
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

  private static NodeId id(String text, String field, Map<String, NodeId> asked) {
    NodeId id = asked.get(text);
    return id != null ? id : NodeId.parse(text, field);
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
