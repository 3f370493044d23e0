package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.log.LogEntry;
import dev.custody.log.TreeAppender;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import dev.custody.query.Lineage;
import dev.custody.query.LineageQuery;
import dev.custody.query.LineageService;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphRecord;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredRecord;
import dev.custody.testing.ScratchDir;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The graph beside the log (projections by log index, read through the in-memory index) answers
 * exactly what the version 2.5 tables answered ({@link LegacySqlGraph}, written with the same
 * projections): nodes, edges, attributes, namings, mentions, clocks, origin times, walks and
 * lineage, on random graphs with random {@code asOf} and relation filters, after appends, after
 * {@code rebuildGraph}, and after reopening (the index loaded from the stored projections).
 */
class GraphIndexPropertiesTest {
  private static final Map<Kind, List<NodeId>> POOL = pool();

  @Property(tries = 30)
  void theIndexAnswersWhatSqlAnswered(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n)
      throws Exception {
    try (ScratchDir scratch = ScratchDir.create("graph-index")) {
      Path dir = scratch.path();
      Random random = new Random(seed);
      Map<Long, GraphRecord> stated = new HashMap<>();
      SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
      try (Connection legacy = GraphExport.create(dir.resolve("legacy.db"))) {
        appendRandom(store, random, n, stated, legacy);
        assertSameAnswers(store, legacy, random);

        // A rebuild that drops every third record's graph: the index must follow the new rows.
        store.rebuildGraph(
            r -> Optional.ofNullable(r.index() % 3 == 0 ? null : stated.get(r.index())), i -> {});
        stated.keySet().removeIf(i -> i % 3 == 0);
        GraphExport.rewrite(legacy, new java.util.TreeMap<>(stated).values().stream().toList());
        assertSameAnswers(store, legacy, random);

        appendRandom(store, random, 1 + random.nextInt(10), stated, legacy);
        assertSameAnswers(store, legacy, random);

        // Reopened: the index loaded from the stored projections.
        store.close();
        store = SqliteLogStore.open(dir.resolve("custody.db"));
        assertSameAnswers(store, legacy, random);

        // Reopened from rows of both formats, as a store written before projection format 2 holds
        // after new appends: every other row as version 1 wrote it (none if no record states a
        // graph, as a random history may have it).
        store.close();
        assertThat(Version1Projections.rewriteEveryOtherRow(dir.resolve("custody.db")))
            .isEqualTo((stated.size() + 1) / 2);
        store = SqliteLogStore.open(dir.resolve("custody.db"));
        assertSameAnswers(store, legacy, random);
      } finally {
        store.close();
      }
    }
  }

  /**
   * Appends of several records restating the same nodes in one batch leave the graph's rows exactly
   * as a rebuild of the same projections does.
   */
  @Property(tries = 30)
  void batchedAppendsLeaveTheRowsARebuildWrites(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) throws Exception {
    try (ScratchDir scratch = ScratchDir.create("graph-index")) {
      Path dir = scratch.path();
      Random random = new Random(seed);
      Map<Long, GraphRecord> stated = new HashMap<>();
      try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
        TreeAppender appender = new TreeAppender(store, 0);
        while (store.size() < n) {
          int batch = Math.min(n - (int) store.size(), 1 + random.nextInt(8));
          List<StoredRecord> records = new ArrayList<>();
          List<GraphRecord> graph = new ArrayList<>();
          List<byte[]> leaves = new ArrayList<>();
          for (int i = 0; i < batch; i++) {
            long index = store.size() + i;
            CanonicalRecord r =
                CanonicalRecord.of(
                    ("{\"n\":" + index + ",\"r\":" + random.nextLong() + "}")
                        .getBytes(StandardCharsets.UTF_8));
            records.add(new StoredRecord(index, r.id(), r.canonical(), 1_000 + index));
            leaves.add(LogEntry.leafHash(r.id()));
            GraphRecord g = GraphRecord.project(index, 1_000 + index, randomProv(random));
            stated.put(index, g);
            graph.add(g);
          }
          store.append(records, appender.append(leaves), graph);
        }
        List<String> batched = graphRows(dir);
        assertThat(batched).isNotEmpty();
        store.rebuildGraph(r -> Optional.ofNullable(stated.get(r.index())), i -> {});
        assertThat(graphRows(dir)).isEqualTo(batched);
      }
    }
  }

  /**
   * A walk's answer keyed by node (its positions are in the backend's order): each node's reach
   * index, alias class and node as stated; and whether a bound stopped it.
   */
  private static Map<Object, Object> reachByNode(dev.custody.store.Reach r) {
    Map<Object, Object> out = new HashMap<>();
    int[] all = new int[r.ids().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    dev.custody.store.GraphNode[] nodes = r.nodes().at(all);
    for (int i = 0; i < all.length; i++) {
      out.put(
          r.ids().get(i), java.util.Arrays.asList(r.reachedAt()[i], r.classes().get(i), nodes[i]));
    }
    out.put("truncated", r.truncated());
    return out;
  }

  /** Every row of every graph table, as text, sorted. */
  private static List<String> graphRows(Path dir) throws java.sql.SQLException {
    java.util.TreeSet<String> rows = new java.util.TreeSet<>();
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("custody.db"));
        java.sql.Statement st = c.createStatement()) {
      for (String table : GraphWriter.TABLES) {
        try (java.sql.ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table).append(':');
            for (int i = 1; i <= columns; i++) {
              row.append(' ').append(rs.getString(i));
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return new ArrayList<>(rows);
  }

  @Test
  void textOrderIsSqlitesCodePointOrderNotUtf16() {
    String supplementary = new String(Character.toChars(0x1F600)); // UTF-16 D83D DE00
    String highBmp = "\uFF21"; // above the surrogates in UTF-16, below U+1F600 as a code point
    assertThat(GraphIndex.codePointOrder(highBmp, supplementary)).isNegative();
    assertThat(highBmp.compareTo(supplementary)).isPositive();
    assertThat(GraphIndex.codePointOrder("abc", "abcd")).isNegative();
    assertThat(GraphIndex.codePointOrder("abd", "abc")).isPositive();
    assertThat(GraphIndex.codePointOrder("abc", "abc")).isZero();
  }

  @Test
  void aReadOnlyStoreAnswersNoGraphQuery() throws IOException {
    try (ScratchDir scratch = ScratchDir.create("graph-index")) {
      Path dir = scratch.path();
      try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
        appendRandom(store, new Random(7), 5, new HashMap<>(), null);
        try (SqliteLogStore ro = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
          List<NodeId> all = POOL.values().stream().flatMap(List::stream).toList();
          assertThatThrownBy(() -> ro.edgesFrom(all, Set.of(), Long.MAX_VALUE))
              .isInstanceOf(dev.custody.error.InternalException.class)
              .hasMessageContaining("read-only");
          assertThat(ro.size()).isEqualTo(store.size());
        }
      }
    }
  }

  private static void assertSameAnswers(SqliteLogStore store, Connection c, Random random)
      throws SQLException {
    LogStore legacy = legacy(store, c);
    long size = store.size();
    List<NodeId> all = new ArrayList<>(POOL.values().stream().flatMap(List::stream).toList());
    all.add(NodeId.parse("https://never.example/stated", "id"));
    for (NodeId id : all) {
      assertThat(store.attributes(id))
          .as("attributes of %s", id)
          .isEqualTo(LegacySqlGraph.attributes(c, id));
      assertThat(store.namings(id))
          .as("namings of %s", id)
          .isEqualTo(LegacySqlGraph.namings(c, id));
      int limit = 1 + random.nextInt(5);
      assertThat(store.mentions(id, limit))
          .as("mentions of %s, %d", id, limit)
          .isEqualTo(LegacySqlGraph.mentions(c, id, limit));
      assertThat(store.claimedSpan(id))
          .as("claimed span of %s", id)
          .isEqualTo(LegacySqlGraph.claimedSpan(c, id));
    }
    List<NodeId> entities = new ArrayList<>(POOL.get(Kind.ENTITY));
    List<NodeId> activities = POOL.get(Kind.ACTIVITY);
    assertThat(store.originTimes(entities, activities))
        .isEqualTo(LegacySqlGraph.originTimes(c, entities, activities));
    List<Long> indexes = java.util.stream.LongStream.range(0, size + 1).boxed().toList();
    assertThat(store.claimedTimes(indexes)).isEqualTo(LegacySqlGraph.claimedTimes(c, indexes));
    for (int q = 0; q < 20; q++) {
      List<NodeId> asked = new ArrayList<>();
      for (NodeId id : all) {
        if (random.nextInt(3) == 0) {
          asked.add(id);
        }
      }
      if (random.nextBoolean() && !asked.isEmpty()) {
        asked.add(asked.get(0)); // a repeated id is asked once
      }
      Set<Relation> relations = randomRelations(random);
      long asOf = random.nextInt(10) == 0 ? Long.MAX_VALUE : random.nextLong(size + 2);
      assertThat(store.edgesFrom(asked, relations, asOf))
          .as("edgesFrom %s %s asOf %d", asked, relations, asOf)
          .isEqualTo(legacy.edgesFrom(asked, relations, asOf));
      assertThat(store.edgesTo(asked, relations, asOf))
          .as("edgesTo %s %s asOf %d", asked, relations, asOf)
          .isEqualTo(legacy.edgesTo(asked, relations, asOf));
      List<GraphEdge> edges = legacy.edgesFrom(asked, Set.of(), Long.MAX_VALUE);
      assertThat(store.edgeAttributes(edges))
          .as("edgeAttributes of %s", edges)
          .isEqualTo(legacy.edgeAttributes(edges));
      assertThat(store.nodes(asked)).as("nodes %s", asked).isEqualTo(legacy.nodes(asked));
      Set<String> names =
          random.nextBoolean() ? Set.of("prov:role") : Set.of("prov:startTime", "k");
      assertThat(store.attributes(asked, names, asOf))
          .as("attributes %s %s asOf %d", asked, names, asOf)
          .isEqualTo(LegacySqlGraph.attributes(c, asked, names, asOf));
      assertThat(store.subjectsOf(asked, relations, asOf))
          .as("subjectsOf %s %s asOf %d", asked, relations, asOf)
          .isEqualTo(legacy.subjectsOf(asked, relations, asOf));
      Set<Relation> downstream = relations.isEmpty() ? Set.of() : relations;
      int maxNodes = 1 + random.nextInt(40);
      int maxDepth = 1 + random.nextInt(6);
      assertThat(reachByNode(store.reachDownstream(asked, downstream, asOf, maxNodes, maxDepth)))
          .as("reachDownstream %s %s asOf %d", asked, downstream, asOf)
          .isEqualTo(
              reachByNode(legacy.reachDownstream(asked, downstream, asOf, maxNodes, maxDepth)));
      assertThat(store.identityLinks(asked, asOf))
          .as("identityLinks %s asOf %d", asked, asOf)
          .isEqualTo(legacy.identityLinks(asked, asOf));
      assertThat(store.nodesAsOf(asked, asOf))
          .as("nodesAsOf %s asOf %d", asked, asOf)
          .isEqualTo(legacy.nodesAsOf(asked, asOf));
    }
    assertSameLineages(store, legacy, random);
  }

  private static void assertSameLineages(SqliteLogStore store, LogStore legacy, Random random) {
    LineageService indexed = new LineageService(store);
    LineageService bySql = new LineageService(legacy);
    long size = store.latestCheckpoint().orElseThrow().size();
    List<NodeId> starts = new ArrayList<>(store.nodes(POOL.get(Kind.ENTITY)).keySet());
    starts.addAll(store.nodes(POOL.get(Kind.ACTIVITY)).keySet());
    for (int q = 0; q < 5 && !starts.isEmpty(); q++) {
      NodeId start = starts.get(random.nextInt(starts.size()));
      long asOf = 1 + random.nextLong(size);
      if (store.nodes(List.of(start)).get(start).firstIndex() >= asOf) {
        asOf = size;
      }
      LineageQuery query =
          new LineageQuery(
              start,
              LineageQuery.Direction.values()[random.nextInt(3)],
              1 + random.nextInt(6),
              randomRelations(random),
              Set.of(),
              asOf,
              1 + random.nextInt(30),
              null,
              null);
      Lineage a = indexed.lineage(query);
      Lineage b = bySql.lineage(query);
      assertThat(a.nodes()).as("%s", query).isEqualTo(b.nodes());
      assertThat(a.edges()).as("%s", query).isEqualTo(b.edges());
      assertThat(a.truncated()).as("%s", query).isEqualTo(b.truncated());
    }
  }

  /**
   * The store with its node and edge reads answered by the version 2.5 tables in {@code c}, and the
   * walks by the interface's own reading over them.
   */
  private static LogStore legacy(SqliteLogStore store, Connection c) {
    return (LogStore)
        Proxy.newProxyInstance(
            LogStore.class.getClassLoader(),
            new Class<?>[] {LogStore.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "identityLinks", "subjectsOf", "reachDownstream" -> {
                  return InvocationHandler.invokeDefault(proxy, method, args);
                }
                case "edgeAttributes" -> {
                  @SuppressWarnings("unchecked")
                  Collection<GraphEdge> edges = (Collection<GraphEdge>) args[0];
                  return LegacySqlGraph.edgeAttributes(c, edges);
                }
                case "nodes" -> {
                  @SuppressWarnings("unchecked")
                  Collection<NodeId> ids = (Collection<NodeId>) args[0];
                  return LegacySqlGraph.nodes(c, ids);
                }
                case "nodesAsOf" -> {
                  @SuppressWarnings("unchecked")
                  Collection<NodeId> ids = (Collection<NodeId>) args[0];
                  return LegacySqlGraph.nodesAsOf(c, ids, (Long) args[1]);
                }
                case "edgesFrom", "edgesTo" -> {
                  @SuppressWarnings("unchecked")
                  Collection<NodeId> ids = (Collection<NodeId>) args[0];
                  @SuppressWarnings("unchecked")
                  Set<Relation> relations = (Set<Relation>) args[1];
                  String end = method.getName().equals("edgesFrom") ? "subject" : "object";
                  return LegacySqlGraph.edges(c, end, ids, relations, (Long) args[2]);
                }
                default -> {
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              }
            });
  }

  private static Set<Relation> randomRelations(Random random) {
    if (random.nextBoolean()) {
      return Set.of();
    }
    Set<Relation> out = EnumSet.noneOf(Relation.class);
    for (Relation r : Relation.values()) {
      if (random.nextInt(3) == 0) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Appends {@code count} records, each stating random edges, and a checkpoint after each; writes
   * the same projections into {@code legacy}'s version 2.5 tables if given.
   */
  private static void appendRandom(
      SqliteLogStore store,
      Random random,
      int count,
      Map<Long, GraphRecord> stated,
      @Nullable Connection legacy) {
    TreeAppender appender = new TreeAppender(store, store.size());
    for (int i = 0; i < count; i++) {
      long index = store.size();
      CanonicalRecord r =
          CanonicalRecord.of(
              ("{\"n\":" + index + ",\"r\":" + random.nextLong() + "}")
                  .getBytes(StandardCharsets.UTF_8));
      StoredRecord stored = new StoredRecord(index, r.id(), r.canonical(), 1_000 + index);
      List<GraphRecord> graph = List.of();
      if (random.nextInt(5) != 0) {
        GraphRecord g =
            GraphRecord.project(index, 1_000 + index, randomProv(random))
                .withClockFlags(random.nextBoolean(), random.nextBoolean());
        stated.put(index, g);
        graph = List.of(g);
      }
      List<byte[]> leaves = List.of(LogEntry.leafHash(r.id()));
      store.append(List.of(stored), appender.append(leaves), graph);
      if (legacy != null) {
        try {
          GraphExport.write(legacy, graph);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      store.addCheckpoint(new StoredCheckpoint(appender.size(), appender.rootHash(), "cp", index));
    }
  }

  private static ProvRecord randomProv(Random random) {
    Map<NodeId, Node> nodes = new java.util.LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    int count = random.nextInt(6);
    Relation[] relations = Relation.values();
    for (int e = 0; e < count; e++) {
      Relation rel = relations[random.nextInt(relations.length)];
      NodeId s = pick(random, rel.subjectKind());
      NodeId o = pick(random, rel.objectKind());
      Instant time = random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextInt(1_000_000));
      Map<String, String> attributes =
          random.nextInt(4) == 0 ? Map.of("prov:role", "\"r" + random.nextInt(3) + "\"") : Map.of();
      edges.add(new Edge(s, rel, o, time, attributes));
      if (random.nextInt(8) == 0) {
        // A repeat: one edge row (the first time), and its attributes are stored too.
        edges.add(new Edge(s, rel, o, Instant.ofEpochMilli(7), Map.of("prov:role", "\"again\"")));
      }
      nodes.putIfAbsent(s, randomNode(random, s, rel.subjectKind()));
      nodes.putIfAbsent(o, randomNode(random, o, rel.objectKind()));
    }
    NodeId producer = POOL.get(Kind.AGENT).get(0);
    nodes.putIfAbsent(producer, new Node(producer, Kind.AGENT, null, null, Map.of(), null, null));
    return new ProvRecord(producer, Instant.ofEpochMilli(5), List.copyOf(nodes.values()), edges);
  }

  /**
   * A node stating, or not, a type and a name (from few, so later records restate them), attributes
   * and an activity's times.
   */
  private static Node randomNode(Random random, NodeId id, Kind kind) {
    String type = random.nextBoolean() ? null : "type-" + random.nextInt(3);
    String name = random.nextBoolean() ? null : "name-" + random.nextInt(4);
    Map<String, String> attributes =
        random.nextInt(3) == 0 ? Map.of("k", "\"v" + random.nextInt(3) + "\"", "a", "1") : Map.of();
    Instant started =
        kind == Kind.ACTIVITY && random.nextBoolean()
            ? Instant.ofEpochSecond(random.nextInt(1_000_000), random.nextInt(3) * 1_500_000)
            : null;
    Instant ended = started != null && random.nextBoolean() ? started.plusSeconds(5) : null;
    return new Node(id, kind, type, name, attributes, started, ended);
  }

  private static NodeId pick(Random random, Kind kind) {
    List<NodeId> ids = POOL.get(kind);
    return ids.get(random.nextInt(ids.size()));
  }

  private static Map<Kind, List<NodeId>> pool() {
    List<NodeId> entities =
        Stream.of(
                "sha256:" + "a".repeat(64),
                "sha256:" + "b".repeat(64),
                "docker.io/library/app@sha256:" + "a".repeat(64),
                "pkg:maven/o/lib@1.0",
                "pkg:npm/left-pad@1.3.0",
                "https://example.org/data/%C3%A9t%C3%A9",
                "urn:x:Z",
                "urn:x:a",
                // Above the surrogates in UTF-16 but below U+1F600 as a code point: the index
                // must order them as SQLite does.
                "urn:x:\uFF21",
                "urn:x:\uD83D\uDE00")
            .map(s -> NodeId.parse(s, "id"))
            .toList();
    List<NodeId> activities =
        Stream.of("https://ci.example/runs/1", "https://ci.example/runs/2", "urn:run:B")
            .map(s -> NodeId.parse(s, "id"))
            .toList();
    List<NodeId> agents =
        Stream.of("https://ci.example/", "urn:agent:bot").map(s -> NodeId.parse(s, "id")).toList();
    return Map.of(Kind.ENTITY, entities, Kind.ACTIVITY, activities, Kind.AGENT, agents);
  }
}
