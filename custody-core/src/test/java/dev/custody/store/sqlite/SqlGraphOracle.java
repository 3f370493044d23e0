package dev.custody.store.sqlite;

import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphNode;
import dev.custody.store.GraphRecord;
import dev.custody.store.LinkCheck;
import dev.custody.store.LinkCheckResult;
import dev.custody.store.MissingLink;
import dev.custody.store.SourceReach;
import dev.custody.store.Sources;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The reference the in-memory whole-graph reads ({@link IndexChecks}, {@link IndexSearch}) are
 * tested against: the SQL they replaced, unchanged, over its own copy of the version 2.5 graph
 * tables in a SQLite file, written from the same {@link GraphRecord}s by {@link GraphExport} (the
 * version 2.5 writer). {@link LegacySqlGraph} holds the other version 2.5 reads.
 *
 * <p>The checks are one SQL statement each: sets computed by recursive CTEs that SQLite
 * deduplicates (UNION), joined through the edge indexes. Relation names are written into the SQL as
 * literals; types are bound.
 */
final class SqlGraphOracle implements AutoCloseable {
  private static final String IDENTITY =
      literals(Set.of(Relation.ALTERNATE_OF, Relation.SPECIALIZATION_OF));

  private final Connection c;
  private long size;

  SqlGraphOracle(Path db) throws SQLException {
    c = GraphExport.create(db.toAbsolutePath());
  }

  /** Writes the rows of the record at {@code index}, which may state no graph (null). */
  void write(long index, @Nullable GraphRecord g) throws SQLException {
    size = Math.max(size, index + 1);
    if (g != null) {
      GraphExport.write(c, List.of(g));
    }
  }

  /** Drops every row, as a rebuild of the graph does before writing it again. */
  void clear() throws SQLException {
    GraphExport.rewrite(c, List.of());
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }

  /** As {@code LogStore.checkLinks} over a log of the records written so far. */
  LinkCheckResult checkLinks(LinkCheck check, long asOf, int limit) throws SQLException {
    return check(c, check, asOf, asOf >= size, limit);
  }

  /** As {@code LogStore.reachingSources}. */
  Map<String, SourceReach> reachingSources(
      Set<String> types, Sources sources, Set<Relation> relations, long asOf) throws SQLException {
    return reach(c, types, sources, relations, asOf, asOf >= size);
  }

  /** As {@code LogStore.searchNodes}. */
  List<GraphNode> searchNodes(String text, @Nullable String type, int limit) throws SQLException {
    return search(c, text, type, limit);
  }

  /** As {@code LogStore.nodesWithIdPrefix}. */
  List<GraphNode> nodesWithIdPrefix(String prefix, long asOf, int limit) throws SQLException {
    return withIdPrefix(c, prefix, asOf, limit);
  }

  /** Every alias of the ids {@code seed} selects, as (start, id) pairs, each start with itself. */
  private static String aliases(String name, String seed) {
    return name
        + "(start, id) AS ("
        + seed
        + " UNION SELECT a.start, e.object FROM "
        + name
        + " a JOIN edges e ON e.subject = a.id WHERE e.relation IN ("
        + IDENTITY
        + ") AND e.log_index < ?"
        + " UNION SELECT a.start, e.subject FROM "
        + name
        + " a JOIN edges e ON e.object = a.id WHERE e.relation IN ("
        + IDENTITY
        + ") AND e.log_index < ?)";
  }

  static LinkCheckResult check(Connection c, LinkCheck check, long asOf, boolean latest, int limit)
      throws SQLException {
    Params p = new Params();
    String selected =
        "n.first_index < ? AND n.kind = ?" + typeFilter(typeOf("n", asOf, latest), check.types());
    List<Object> selectedParams = new ArrayList<>();
    selectedParams.add(asOf);
    selectedParams.add(check.kind().label());
    selectedParams.addAll(new TreeSet<>(check.types()));
    String required = "'" + check.required().label() + "'";
    String sql;
    if (check.via() == null) {
      sql =
          "WITH RECURSIVE cand(id) AS (SELECT n.id FROM nodes n WHERE "
              + selected
              + " AND NOT EXISTS (SELECT 1 FROM edges e WHERE e.subject = n.id AND e.relation = "
              + required
              + " AND e.log_index < ?)), "
              + aliases("alias", "SELECT id, id FROM cand")
              + " SELECT n.id, "
              + typeOf("n", asOf, latest)
              + ", n.first_index, NULL FROM cand c JOIN nodes n ON n.id = c.id"
              + " WHERE c.id NOT IN (SELECT a.start FROM alias a JOIN edges e ON e.subject = a.id"
              + " AND e.relation = "
              + required
              + " AND e.log_index < ?)"
              + " ORDER BY n.first_index, n.id";
      p.addAll(selectedParams).add(asOf).add(asOf).add(asOf).add(asOf);
    } else {
      sql =
          "WITH RECURSIVE pairs(subject, target) AS (SELECT e.subject, e.object FROM nodes n"
              + " JOIN edges e ON e.subject = n.id AND e.relation = '"
              + check.via().label()
              + "' AND e.log_index < ? WHERE "
              + selected
              + "), "
              + aliases("alias", "SELECT DISTINCT target, target FROM pairs")
              + ", typed(start) AS (SELECT DISTINCT a.start FROM alias a JOIN nodes m ON m.id = a.id"
              + " WHERE m.first_index < ?"
              + typeFilter(typeOf("m", asOf, latest), check.viaTypes())
              + "), done(start) AS (SELECT DISTINCT a.start FROM alias a JOIN edges e"
              + " ON e.subject = a.id AND e.relation = "
              + required
              + " AND e.log_index < ?)"
              + " SELECT n.id, "
              + typeOf("n", asOf, latest)
              + ", n.first_index,"
              + " MIN(CASE WHEN p.target NOT IN (SELECT start FROM done) THEN p.target END)"
              + " FROM pairs p JOIN nodes n ON n.id = p.subject"
              + " WHERE p.target IN (SELECT start FROM typed)"
              + " GROUP BY n.id ORDER BY n.first_index, n.id";
      p.add(asOf).addAll(selectedParams).add(asOf).add(asOf).add(asOf);
      p.addAll(new TreeSet<>(check.viaTypes())).add(asOf);
    }
    long checked = 0;
    long missing = 0;
    List<MissingLink> first = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      p.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          checked++;
          String via = rs.getString(4);
          if (check.via() != null && via == null) {
            continue;
          }
          missing++;
          if (first.size() < limit) {
            first.add(
                new MissingLink(
                    NodeId.parse(rs.getString(1), "id"),
                    rs.getString(2),
                    rs.getLong(3),
                    via == null ? null : NodeId.parse(via, "via")));
          }
        }
      }
    }
    if (check.via() == null) {
      checked = count(c, "SELECT COUNT(*) FROM nodes n WHERE " + selected, selectedParams);
    }
    return new LinkCheckResult(checked, missing, first);
  }

  static Map<String, SourceReach> reach(
      Connection c,
      Set<String> types,
      Sources sources,
      Set<Relation> relations,
      long asOf,
      boolean latest)
      throws SQLException {
    if (types.isEmpty()) {
      return Map.of();
    }
    Params p = new Params();
    List<String> seeds = new ArrayList<>();
    p.add(asOf);
    if (!sources.types().isEmpty()) {
      seeds.add(typeOf("n", asOf, latest) + " IN (" + marks(sources.types().size()) + ")");
      p.addAll(new TreeSet<>(sources.types()));
    }
    for (String prefix : sources.idPrefixes()) {
      // Every id starting with prefix sorts below prefix + U+10FFFF (SQLite compares UTF-8 bytes).
      seeds.add("(n.id >= ? AND n.id < ?)");
      p.add(prefix).add(prefix + new String(Character.toChars(0x10FFFF)));
    }
    Set<Relation> downstream = new java.util.HashSet<>(relations);
    downstream.add(Relation.ALTERNATE_OF);
    downstream.add(Relation.SPECIALIZATION_OF);
    String sql =
        "WITH RECURSIVE reach(id) AS (SELECT n.id FROM nodes n WHERE n.first_index < ? AND ("
            + (seeds.isEmpty() ? "0" : String.join(" OR ", seeds))
            + ") UNION SELECT e.subject FROM reach r JOIN edges e ON e.object = r.id"
            + " WHERE e.relation IN ("
            + literals(downstream)
            + ") AND e.log_index < ?"
            + " UNION SELECT e.object FROM reach r JOIN edges e ON e.subject = r.id"
            + " WHERE e.relation IN ("
            + IDENTITY
            + ") AND e.log_index < ?)"
            + " SELECT "
            + typeOf("n", asOf, latest)
            + ", COUNT(*), SUM(n.id IN (SELECT id FROM reach)) FROM nodes n"
            + " WHERE n.first_index < ?"
            + typeFilter(typeOf("n", asOf, latest), types)
            + " GROUP BY 1";
    p.add(asOf).add(asOf).add(asOf).addAll(new TreeSet<>(types));
    Map<String, SourceReach> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      p.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new SourceReach(rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return out;
  }

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

  private static long count(Connection c, String sql, List<Object> params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      new Params().addAll(params).bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * The type of the node {@code alias} as of log size {@code asOf}: the latest non-null type stated
   * below it (node_names, V2_2). When every stored record counts ({@code latest}) that is {@code
   * nodes.type}, read without a seek per node. {@code asOf} is a number of ours, written as a
   * literal.
   */
  private static String typeOf(String alias, long asOf, boolean latest) {
    if (latest) {
      return alias + ".type";
    }
    return "(SELECT t.type FROM node_names t WHERE t.node = "
        + alias
        + ".id AND t.log_index < "
        + asOf
        + " AND t.type IS NOT NULL ORDER BY t.log_index DESC LIMIT 1)";
  }

  /** " AND column IN (?, …)" for a non-empty set; nothing (any type, or none) for an empty one. */
  private static String typeFilter(String column, Set<String> types) {
    return types.isEmpty() ? "" : " AND " + column + " IN (" + marks(types.size()) + ")";
  }

  private static String marks(int n) {
    return "?,".repeat(n - 1) + "?";
  }

  private static String literals(Collection<Relation> relations) {
    return relations.stream()
        .map(r -> "'" + r.label() + "'")
        .sorted()
        .collect(Collectors.joining(","));
  }

  /** Parameters in the order their marks appear. */
  private static final class Params {
    private final List<Object> values = new ArrayList<>();

    Params add(Object v) {
      values.add(v);
      return this;
    }

    Params addAll(Collection<?> vs) {
      values.addAll(vs);
      return this;
    }

    void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        if (v instanceof Long l) {
          ps.setLong(i + 1, l);
        } else {
          ps.setString(i + 1, (String) v);
        }
      }
    }
  }
}
