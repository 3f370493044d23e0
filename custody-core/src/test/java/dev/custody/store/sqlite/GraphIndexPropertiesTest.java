package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;

/**
 * The in-memory edge index answers exactly what SQL answers: {@code edgesFrom}/{@code edgesTo} and
 * a lineage walk, on random graphs with random {@code asOf} and relation filters, after appends,
 * after {@code rebuildGraph}, and after reopening (the index loaded from the table).
 */
class GraphIndexPropertiesTest {
  private static final Map<Kind, List<NodeId>> POOL = pool();

  @Property(tries = 30)
  void theIndexAnswersWhatSqlAnswers(@ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int n)
      throws IOException {
    Path dir = Files.createTempDirectory("graph-index");
    Random random = new Random(seed);
    Map<Long, GraphRecord> stated = new HashMap<>();
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    try {
      appendRandom(store, random, n, stated);
      assertThat(store.edgesInMemory()).isTrue();
      assertSameAnswers(store, random);

      // A rebuild that drops every third record's graph: the index must follow the new table.
      store.rebuildGraph(
          r -> Optional.ofNullable(r.index() % 3 == 0 ? null : stated.get(r.index())), i -> {});
      assertSameAnswers(store, random);

      appendRandom(store, random, 1 + random.nextInt(10), stated);
      assertSameAnswers(store, random);

      store.close();
      store = SqliteLogStore.open(dir.resolve("custody.db"));
      assertSameAnswers(store, random);
    } finally {
      store.close();
    }
  }

  /**
   * The writer's batched path (node states from the index; restated nodes skipped, new ones and
   * renames batched) leaves the graph tables exactly as the node-by-node upserts of a rebuild do,
   * with several records restating the same nodes in one append.
   */
  @Property(tries = 30)
  void batchedNodeWritesLeaveTheTablesAsNodeByNodeWritesDo(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n) throws Exception {
    Path dir = Files.createTempDirectory("graph-index");
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
      assertThat(store.nodes(POOL.values().stream().flatMap(List::stream).toList()))
          .isEqualTo(store.sqlNodes(POOL.values().stream().flatMap(List::stream).toList()));
      store.rebuildGraph(r -> Optional.ofNullable(stated.get(r.index())), i -> {});
      assertThat(graphRows(dir)).isEqualTo(batched);
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
  void aReadOnlyStoreReadsEdgesBySql() throws IOException {
    Path dir = Files.createTempDirectory("graph-index");
    try (SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"))) {
      appendRandom(store, new Random(7), 5, new HashMap<>());
      try (SqliteLogStore ro = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
        assertThat(ro.edgesInMemory()).isFalse();
        List<NodeId> all = POOL.values().stream().flatMap(List::stream).toList();
        assertThat(ro.edgesFrom(all, Set.of(), Long.MAX_VALUE))
            .isEqualTo(store.edgesFrom(all, Set.of(), Long.MAX_VALUE))
            .isNotEmpty();
      }
    }
  }

  private static void assertSameAnswers(SqliteLogStore store, Random random) {
    long size = store.size();
    List<NodeId> all = new ArrayList<>(POOL.values().stream().flatMap(List::stream).toList());
    all.add(NodeId.parse("https://never.example/stated", "id"));
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
          .isEqualTo(store.sqlEdges("subject", asked, relations, asOf));
      assertThat(store.edgesTo(asked, relations, asOf))
          .as("edgesTo %s %s asOf %d", asked, relations, asOf)
          .isEqualTo(store.sqlEdges("object", asked, relations, asOf));
      List<GraphEdge> edges = store.sqlEdges("subject", asked, Set.of(), Long.MAX_VALUE);
      assertThat(store.edgeAttributes(edges))
          .as("edgeAttributes of %s", edges)
          .isEqualTo(store.sqlEdgeAttributes(edges));
      assertThat(store.nodes(asked)).as("nodes %s", asked).isEqualTo(store.sqlNodes(asked));
      assertThat(store.subjectsOf(asked, relations, asOf))
          .as("subjectsOf %s %s asOf %d", asked, relations, asOf)
          .isEqualTo(sqlOnly(store).subjectsOf(asked, relations, asOf));
      Set<Relation> downstream = relations.isEmpty() ? Set.of() : relations;
      int maxNodes = 1 + random.nextInt(40);
      int maxDepth = 1 + random.nextInt(6);
      assertThat(reachByNode(store.reachDownstream(asked, downstream, asOf, maxNodes, maxDepth)))
          .as("reachDownstream %s %s asOf %d", asked, downstream, asOf)
          .isEqualTo(
              reachByNode(
                  sqlOnly(store).reachDownstream(asked, downstream, asOf, maxNodes, maxDepth)));
      assertThat(store.identityLinks(asked, asOf))
          .as("identityLinks %s asOf %d", asked, asOf)
          .isEqualTo(sqlOnly(store).identityLinks(asked, asOf));
      assertThat(store.nodesAsOf(asked, asOf))
          .as("nodesAsOf %s asOf %d", asked, asOf)
          .isEqualTo(store.sqlNodesAsOf(asked, asOf));
    }
    assertSameLineages(store, random);
  }

  private static void assertSameLineages(SqliteLogStore store, Random random) {
    LineageService indexed = new LineageService(store);
    LineageService bySql = new LineageService(sqlOnly(store));
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

  /** The same store with edge reads forced through SQL. */
  private static LogStore sqlOnly(SqliteLogStore store) {
    return (LogStore)
        Proxy.newProxyInstance(
            LogStore.class.getClassLoader(),
            new Class<?>[] {LogStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("identityLinks")
                  || method.getName().equals("subjectsOf")
                  || method.getName().equals("reachDownstream")) {
                // The interface's own reading, through the SQL edge reads below.
                return InvocationHandler.invokeDefault(proxy, method, args);
              }
              if (method.getName().equals("edgeAttributes")) {
                @SuppressWarnings("unchecked")
                Collection<GraphEdge> edges = (Collection<GraphEdge>) args[0];
                return store.sqlEdgeAttributes(edges);
              }
              if (method.getName().equals("nodesAsOf")) {
                @SuppressWarnings("unchecked")
                Collection<NodeId> ids = (Collection<NodeId>) args[0];
                return store.sqlNodesAsOf(ids, (Long) args[1]);
              }
              if (method.getName().equals("edgesFrom") || method.getName().equals("edgesTo")) {
                @SuppressWarnings("unchecked")
                Collection<NodeId> ids = (Collection<NodeId>) args[0];
                @SuppressWarnings("unchecked")
                Set<Relation> relations = (Set<Relation>) args[1];
                String end = method.getName().equals("edgesFrom") ? "subject" : "object";
                return store.sqlEdges(end, ids, relations, (Long) args[2]);
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
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

  /** Appends {@code count} records, each stating random edges, and a checkpoint after each. */
  private static void appendRandom(
      SqliteLogStore store, Random random, int count, Map<Long, GraphRecord> stated) {
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
        GraphRecord g = GraphRecord.project(index, 1_000 + index, randomProv(random));
        stated.put(index, g);
        graph = List.of(g);
      }
      List<byte[]> leaves = List.of(LogEntry.leafHash(r.id()));
      store.append(List.of(stored), appender.append(leaves), graph);
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

  /** A node stating, or not, a type and a name (from few, so later records restate them). */
  private static Node randomNode(Random random, NodeId id, Kind kind) {
    String type = random.nextBoolean() ? null : "type-" + random.nextInt(3);
    String name = random.nextBoolean() ? null : "name-" + random.nextInt(4);
    return new Node(id, kind, type, name, Map.of(), null, null);
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
