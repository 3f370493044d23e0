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
import dev.custody.query.GapRules;
import dev.custody.store.GraphRecord;
import dev.custody.store.LinkCheck;
import dev.custody.store.Sources;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredRecord;
import dev.custody.testing.ScratchDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * The whole-graph reads on the in-memory index (missing links, coverage reach, node search, id
 * prefixes) answer exactly what the SQL they replaced answers ({@link SqlGraphOracle}, over its own
 * copy of the old tables written from the same records): on random graphs whose nodes change type
 * over time, with identity links, edge-only ids, random {@code asOf}, the gap rules and ad hoc
 * checks, and search texts with mixed case, non-ASCII and supplementary characters; after appends,
 * after {@code rebuildGraph}, and after reopening (the index loaded from the tables).
 */
class IndexChecksPropertiesTest {
  private static final String MAX = new String(Character.toChars(0x10FFFF));
  private static final Map<Kind, List<NodeId>> POOL = pool();
  private static final List<String> TYPES =
      List.of(
          "git-commit", "container-image", "deployment", "package", "sbom", "Package", "type-é");
  private static final List<String> NAMES =
      List.of(
          "Checkout", "checkout-service", "CHECKOUT", "été", "ÉTÉ", "x\uD83D\uDE00y", "shop", "");
  private static final List<String> TEXTS =
      List.of(
          "check",
          "CHECK",
          "Kout",
          "été",
          "ÉT",
          "\uD83D\uDE00",
          "x\uD83D",
          "\uDE00y",
          "urn:x:",
          "urn:x:" + MAX,
          "git+",
          "sha256:",
          "pkg:",
          "https://ci.example/runs/",
          "u",
          "%",
          "_",
          "nothing-like-it");

  @Property(tries = 25)
  void theIndexAnswersWhatSqlAnswers(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int n)
      throws Exception {
    try (ScratchDir scratch = ScratchDir.create("index-checks")) {
      Path dir = scratch.path();
      Random random = new Random(seed);
      Map<Long, GraphRecord> stated = new HashMap<>();
      SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
      try (SqlGraphOracle oracle = new SqlGraphOracle(dir.resolve("oracle.db"))) {
        appendRandom(store, oracle, random, n, stated);
        assertSameAnswers(store, oracle, random);

        // A rebuild that drops every third record's graph: the index must follow the new tables.
        store.rebuildGraph(
            r -> Optional.ofNullable(r.index() % 3 == 0 ? null : stated.get(r.index())), i -> {});
        oracle.clear();
        for (long i = 0; i < store.size(); i++) {
          oracle.write(i, i % 3 == 0 ? null : stated.get(i));
        }
        assertSameAnswers(store, oracle, random);

        appendRandom(store, oracle, random, 1 + random.nextInt(10), stated);
        assertSameAnswers(store, oracle, random);

        store.close();
        store = SqliteLogStore.open(dir.resolve("custody.db"));
        assertSameAnswers(store, oracle, random);
        appendRandom(store, oracle, random, 1 + random.nextInt(5), stated);
        assertSameAnswers(store, oracle, random);
      } finally {
        store.close();
      }
    }
  }

  @Test
  void thePrefixRangeIsSqlsByteRange() {
    assertThat(IndexSearch.inPrefixRange("urn:x:a", "urn:x:")).isTrue();
    assertThat(IndexSearch.inPrefixRange("urn:x:", "urn:x:")).isTrue();
    // At or above prefix + U+10FFFF: outside SQL's range although it starts with the prefix.
    assertThat(IndexSearch.inPrefixRange("urn:x:" + MAX + "a", "urn:x:")).isFalse();
    assertThat(IndexSearch.inPrefixRange("urn:y", "urn:x:")).isFalse();
  }

  @Test
  void namesFoldOnlyAsciiLettersAsSqliteLowerDoes() {
    assertThat(IndexSearch.containsFolded("CheckOut", "kou")).isTrue();
    assertThat(IndexSearch.containsFolded("ÉTÉ", "été")).isFalse();
    assertThat(IndexSearch.containsFolded(null, "a")).isFalse();
  }

  private static void assertSameAnswers(SqliteLogStore store, SqlGraphOracle oracle, Random random)
      throws Exception {
    long size = store.size();
    List<Long> sizes = new ArrayList<>(List.of(0L, size, size + 1, Long.MAX_VALUE));
    for (int i = 0; i < 4; i++) {
      sizes.add(random.nextLong(size + 1));
    }
    for (long asOf : sizes) {
      List<LinkCheck> checks = new ArrayList<>();
      GapRules.RULES.forEach(r -> checks.add(r.check()));
      for (int i = 0; i < 4; i++) {
        checks.add(randomCheck(random));
      }
      for (LinkCheck check : checks) {
        int limit = random.nextInt(4) == 0 ? 1_000 : random.nextInt(4);
        assertThat(store.checkLinks(check, asOf, limit))
            .as("checkLinks %s asOf %d limit %d", check, asOf, limit)
            .isEqualTo(oracle.checkLinks(check, asOf, limit));
      }
      List<Sources> sources =
          List.of(
              GapRules.SOURCES,
              new Sources(someOf(random, TYPES), List.of()),
              new Sources(Set.of(), List.of(randomText(random))),
              new Sources(someOf(random, TYPES), List.of(randomText(random), "urn:")));
      for (Sources s : sources) {
        Set<String> types = random.nextInt(5) == 0 ? Set.of() : someOf(random, TYPES);
        Set<Relation> relations = random.nextBoolean() ? GapRules.UPSTREAM : someRelations(random);
        assertThat(store.reachingSources(types, s, relations, asOf))
            .as("reachingSources %s %s %s asOf %d", types, s, relations, asOf)
            .isEqualTo(oracle.reachingSources(types, s, relations, asOf));
      }
      for (int i = 0; i < 4; i++) {
        String prefix = randomText(random);
        int limit = random.nextInt(3) == 0 ? 500 : random.nextInt(4);
        assertThat(store.nodesWithIdPrefix(prefix, asOf, limit))
            .as("nodesWithIdPrefix %s asOf %d limit %d", prefix, asOf, limit)
            .isEqualTo(oracle.nodesWithIdPrefix(prefix, asOf, limit));
      }
    }
    for (int i = 0; i < 12; i++) {
      String text = randomText(random);
      String type = random.nextInt(3) == 0 ? TYPES.get(random.nextInt(TYPES.size())) : null;
      int limit = random.nextInt(3) == 0 ? 500 : 1 + random.nextInt(4);
      assertThat(store.searchNodes(text, type, limit))
          .as("searchNodes %s %s limit %d", text, type, limit)
          .isEqualTo(oracle.searchNodes(text, type, limit));
    }
  }

  private static String randomText(Random random) {
    if (random.nextInt(3) == 0) {
      // The start of a stored id: a prefix that finds a range of them.
      List<NodeId> all = POOL.values().stream().flatMap(List::stream).toList();
      String id = all.get(random.nextInt(all.size())).toString();
      int end = 1 + random.nextInt(id.length());
      return id.substring(0, end); // may split a surrogate pair
    }
    return TEXTS.get(random.nextInt(TEXTS.size()));
  }

  private static LinkCheck randomCheck(Random random) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    Relation required = Relation.values()[random.nextInt(Relation.values().length)];
    Set<String> types = random.nextBoolean() ? Set.of() : someOf(random, TYPES);
    if (random.nextBoolean()) {
      return new LinkCheck(kind, types, required, null, Set.of());
    }
    List<Relation> from =
        Stream.of(Relation.values()).filter(r -> r.subjectKind() == kind).toList();
    Relation via = from.get(random.nextInt(from.size()));
    Set<String> viaTypes = new HashSet<>(someOf(random, TYPES));
    viaTypes.add(TYPES.get(random.nextInt(TYPES.size())));
    return new LinkCheck(kind, types, required, via, viaTypes);
  }

  private static Set<String> someOf(Random random, List<String> from) {
    Set<String> out = new HashSet<>();
    for (String s : from) {
      if (random.nextInt(3) == 0) {
        out.add(s);
      }
    }
    return out;
  }

  private static Set<Relation> someRelations(Random random) {
    Set<Relation> out = EnumSet.noneOf(Relation.class);
    for (Relation r : Relation.values()) {
      if (random.nextInt(3) == 0) {
        out.add(r);
      }
    }
    return out;
  }

  /** Appends {@code count} records to the store and the oracle, and a checkpoint after each. */
  private static void appendRandom(
      SqliteLogStore store,
      SqlGraphOracle oracle,
      Random random,
      int count,
      Map<Long, GraphRecord> stated)
      throws Exception {
    TreeAppender appender = new TreeAppender(store, store.size());
    for (int i = 0; i < count; i++) {
      long index = store.size();
      CanonicalRecord r =
          CanonicalRecord.of(
              ("{\"n\":" + index + ",\"r\":" + random.nextLong() + "}")
                  .getBytes(StandardCharsets.UTF_8));
      StoredRecord stored = new StoredRecord(index, r.id(), r.canonical(), 1_000 + index);
      GraphRecord g = null;
      if (random.nextInt(6) != 0) {
        g = GraphRecord.project(index, 1_000 + index, randomProv(random));
        stated.put(index, g);
      }
      List<byte[]> leaves = List.of(LogEntry.leafHash(r.id()));
      store.append(List.of(stored), appender.append(leaves), g == null ? List.of() : List.of(g));
      store.addCheckpoint(new StoredCheckpoint(appender.size(), appender.rootHash(), "cp", index));
      oracle.write(index, g);
    }
  }

  private static ProvRecord randomProv(Random random) {
    Map<NodeId, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    int count = random.nextInt(8);
    Relation[] relations = Relation.values();
    for (int e = 0; e < count; e++) {
      // Identity links often: they make the alias classes the checks follow.
      Relation rel =
          random.nextInt(4) == 0
              ? (random.nextBoolean() ? Relation.ALTERNATE_OF : Relation.SPECIALIZATION_OF)
              : relations[random.nextInt(relations.length)];
      NodeId s = pick(random, rel.subjectKind());
      NodeId o = pick(random, rel.objectKind());
      Instant time = random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextInt(1_000_000));
      edges.add(new Edge(s, rel, o, time, Map.of()));
      if (random.nextInt(8) == 0) {
        edges.add(new Edge(s, rel, o, Instant.ofEpochMilli(7), Map.of())); // stated twice
      }
      nodes.putIfAbsent(s, randomNode(random, s, rel.subjectKind()));
      if (random.nextInt(5) != 0) {
        nodes.putIfAbsent(o, randomNode(random, o, rel.objectKind())); // else only edges name o
      }
    }
    for (int k = random.nextInt(3); k > 0; k--) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      NodeId id = pick(random, kind);
      nodes.putIfAbsent(id, randomNode(random, id, kind)); // a node no edge names
    }
    NodeId producer = POOL.get(Kind.AGENT).get(0);
    nodes.putIfAbsent(producer, new Node(producer, Kind.AGENT, null, null, Map.of(), null, null));
    List<Node> listed = new ArrayList<>(nodes.values());
    if (!listed.isEmpty() && random.nextInt(6) == 0) {
      // The same node twice in one record, renamed: the nodes table takes both, the history one.
      Node again = listed.get(random.nextInt(listed.size()));
      listed.add(randomNode(random, again.id(), again.kind()));
    }
    return new ProvRecord(producer, Instant.ofEpochMilli(5), listed, edges);
  }

  /** A node stating, or not, a type and a name, from few, so that later records change them. */
  private static Node randomNode(Random random, NodeId id, Kind kind) {
    String type = random.nextInt(3) == 0 ? null : TYPES.get(random.nextInt(TYPES.size()));
    String name = random.nextInt(3) == 0 ? null : NAMES.get(random.nextInt(NAMES.size()));
    return new Node(id, kind, type, name, Map.of(), null, null);
  }

  private static NodeId pick(Random random, Kind kind) {
    List<NodeId> ids = POOL.get(kind);
    return ids.get(random.nextInt(ids.size()));
  }

  private static Map<Kind, List<NodeId>> pool() {
    List<NodeId> entities =
        Stream.of(
                "git+https://github.com/acme/shop@" + "a".repeat(40),
                "git+https://github.com/acme/shop@" + "b".repeat(40),
                "sha256:" + "a".repeat(64),
                "docker.io/library/app@sha256:" + "a".repeat(64),
                "pkg:maven/o/lib@1.0",
                "pkg:npm/left-pad@1.3.0",
                "https://example.org/data/%C3%A9t%C3%A9",
                "urn:x:Z",
                "urn:x:a",
                "urn:x:",
                "urn:x:\uFF21",
                "urn:x:\uD83D\uDE00",
                "urn:x:" + MAX + "z")
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
