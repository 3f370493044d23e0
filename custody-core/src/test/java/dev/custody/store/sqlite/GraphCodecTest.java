package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.store.GraphRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A projection decodes to exactly the nodes and edges it was encoded from (nodes in id order, edges
 * in subject, relation, object order, whatever order the record listed them in), and nothing else.
 */
class GraphCodecTest {
  private static final String[] TEXTS = {
    "", "a", "é", "\uD83D\uDE00 smile", "x".repeat(300), "line\nbreak", "\"quoted\""
  };

  @Property(tries = 200)
  void whatIsEncodedDecodes(@ForAll long seed) {
    Random random = new Random(seed);
    GraphRecord g = randomRecord(random);
    GraphCodec codec = new GraphCodec();
    codec.encode(randomRecord(random)); // the buffer is reused: an earlier record must not leak

    GraphCodec.Rows rows = GraphCodec.decode(codec.encode(g));

    List<GraphCodec.NodeRow> nodes = new ArrayList<>();
    List<Node> byId = new ArrayList<>(g.nodes());
    byId.sort(java.util.Comparator.comparing(n -> n.id().toString()));
    for (Node n : byId) {
      nodes.add(
          new GraphCodec.NodeRow(
              n.id().toString(), n.kind(), n.type(), n.name(), GraphCodec.attributesOf(n)));
    }
    List<GraphCodec.EdgeRow> edges = new ArrayList<>();
    List<Edge> ordered = new ArrayList<>(g.edges());
    ordered.sort(
        java.util.Comparator.<Edge, String>comparing(e -> e.subject().toString())
            .thenComparing(e -> e.relation().label())
            .thenComparing(e -> e.object().toString()));
    for (Edge e : ordered) {
      edges.add(
          new GraphCodec.EdgeRow(
              e.subject().toString(),
              e.relation(),
              e.object().toString(),
              e.time() == null ? Long.MIN_VALUE : e.time().toEpochMilli(),
              e.attributes()));
    }
    assertThat(rows.nodes()).isEqualTo(nodes);
    assertThat(rows.edges()).isEqualTo(edges);
  }

  @Property(tries = 100)
  void theOrderARecordListsThingsInDoesNotChangeTheBytes(@ForAll long seed) {
    Random random = new Random(seed);
    GraphRecord g = randomRecord(random);
    List<Node> nodes = new ArrayList<>(g.nodes());
    java.util.Collections.shuffle(nodes, random);
    List<Edge> edges = new ArrayList<>(g.edges());
    // Two statements of one edge keep their order (the first one's time counts); others move.
    long distinct =
        edges.stream()
            .map(e -> e.subject() + " " + e.relation() + " " + e.object())
            .distinct()
            .count();
    if (distinct == edges.size()) {
      java.util.Collections.shuffle(edges, random);
    }

    assertThat(new GraphCodec().encode(record(nodes, edges))).isEqualTo(new GraphCodec().encode(g));
  }

  @Property(tries = 200)
  void aScanReportsWhatADecodeReads(@ForAll long seed) {
    byte[] body = new GraphCodec().encode(randomRecord(new Random(seed)));
    GraphCodec.Rows rows = GraphCodec.decode(body);
    List<String> decoded = new ArrayList<>();
    for (GraphCodec.NodeRow n : rows.nodes()) {
      decoded.add(
          List.of(
                  n.id(),
                  n.kind(),
                  String.valueOf(n.type()),
                  String.valueOf(n.name()),
                  !n.attributes().isEmpty())
              + " "
              + n.attributes().get("prov:startTime"));
    }
    for (GraphCodec.EdgeRow e : rows.edges()) {
      decoded.add(
          List.of(e.subject(), e.relation(), e.object(), e.time(), !e.attributes().isEmpty())
              .toString());
    }
    assertThat(scanned(body)).isEqualTo(decoded);
  }

  @Test
  void anActivitysTimesAreItsProvAttributes() {
    Instant start = Instant.parse("2026-11-25T10:00:00.123Z");
    Node run =
        new Node(
            NodeId.parse("https://ci.example/runs/1", "id"),
            Kind.ACTIVITY,
            "build",
            null,
            Map.of("k", "1"),
            start,
            null);
    GraphRecord g = record(List.of(run), List.of());

    GraphCodec.NodeRow row = GraphCodec.decode(new GraphCodec().encode(g)).nodes().get(0);

    assertThat(row.attributes())
        .containsExactly(
            Map.entry("k", "1"), Map.entry("prov:startTime", "\"2026-11-25T10:00:00.123Z\""));
  }

  @Test
  void anUnknownVersionOrATruncatedBodyIsRefused() {
    byte[] body = new GraphCodec().encode(randomRecord(new Random(3)));
    byte[] future = body.clone();
    future[0] = 3;
    assertThatThrownBy(() -> GraphCodec.decode(future))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 3");
    for (int cut = 1; cut < body.length; cut += Math.max(1, body.length / 17)) {
      byte[] truncated = Arrays.copyOf(body, cut);
      assertThatThrownBy(() -> GraphCodec.decode(truncated))
          .as("cut at %d of %d", cut, body.length)
          .isInstanceOf(IllegalStateException.class);
    }
    for (int cut = 1; cut < body.length; cut += Math.max(1, body.length / 17)) {
      byte[] truncated = Arrays.copyOf(body, cut);
      assertThatThrownBy(() -> GraphCodec.scan(truncated, ignoring()))
          .as("scan cut at %d of %d", cut, body.length)
          .isInstanceOf(IllegalStateException.class);
    }
    byte[] longer = Arrays.copyOf(body, body.length + 1);
    assertThatThrownBy(() -> GraphCodec.decode(longer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the projection");
  }

  /**
   * A projection as version 1 wrote it (kinds and relations as labels, edge ends as ids), made by
   * the encoder of commit 80bc533 from {@link #projected()}'s record: stores written before version
   * 2 keep such rows, and the index loads them as before.
   */
  private static final String VERSION_1 =
      "010324646174617365743a73333a2f2f6c616e64696e673a706970652d3132382e7261772e763006656e7469"
          + "7479086461746173657400002768747470733a2f2f616972666c6f772e6578616d706c652e636f6d2f736368"
          + "6564756c65722d38056167656e740000002872756e3a32393664656565642d663936312d346465612d616365"
          + "632d366565636664376664616262086163746976697479086a6f622d72756e11706970652d31323820737461"
          + "6765203002016b032276220e70726f763a737461727454696d651622323032352d31302d30395430383a3533"
          + "3a32305a220324646174617365743a73333a2f2f6c616e64696e673a706970652d3132382e7261772e76300e"
          + "7761734465726976656446726f6d477368613235363a61626162616261626162616261626162616261626162"
          + "6162616261626162616261626162616261626162616261626162616261626162616261626162616261620000"
          + "2872756e3a32393664656565642d663936312d346465612d616365632d366565636664376664616262047573"
          + "656424646174617365743a73333a2f2f6c616e64696e673a706970652d3132382e7261772e76300000287275"
          + "6e3a32393664656565642d663936312d346465612d616365632d366565636664376664616262117761734173"
          + "736f636961746564576974682768747470733a2f2f616972666c6f772e6578616d706c652e636f6d2f736368"
          + "6564756c65722d380100000199c82cc0000104726f6c650b227363686564756c657222";

  @Test
  void aVersion1ProjectionDecodesAsTheSameRecordInVersion2() {
    byte[] v1 = java.util.HexFormat.of().parseHex(VERSION_1);
    byte[] v2 = new GraphCodec().encode(projected());

    assertThat(v1[0]).isEqualTo((byte) 1);
    assertThat(v2[0]).isEqualTo((byte) 2);
    assertThat(GraphCodec.decode(v1)).isEqualTo(GraphCodec.decode(v2));
    assertThat(scanned(v1)).isEqualTo(scanned(v2)).isNotEmpty();
    // The point of version 2: the edges' ends, three ids of this record, are written once each.
    assertThat(v2.length).isLessThan(v1.length * 2 / 3);
  }

  @Test
  void theTestsVersion1WriterWritesWhatTheOldEncoderWrote() {
    byte[] v1 = java.util.HexFormat.of().parseHex(VERSION_1);

    assertThat(Version1Projections.encode(GraphCodec.decode(v1))).isEqualTo(v1);
  }

  @Test
  void everyKindAndRelationHasACode() {
    assertThat(GraphCodec.KIND_CODES).containsExactlyInAnyOrder(Kind.values());
    assertThat(GraphCodec.RELATION_CODES).containsExactlyInAnyOrder(Relation.values());
  }

  @Test
  void aReferenceToANodeTheProjectionDoesNotHoldIsRefused() {
    byte[] body = new GraphCodec().encode(projected());
    // The last edge (run wasAssociatedWith agent) starts with its subject's reference: node 3.
    int at = indexOfLastEdge(body);
    assertThat(body[at]).isEqualTo((byte) 3);
    body[at] = 4;

    assertThatThrownBy(() -> GraphCodec.decode(body))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("node 4 of 3");
  }

  private static int indexOfLastEdge(byte[] body) {
    // subject ref 3, relation code 4 (wasAssociatedWith), object ref 2 (the agent)
    for (int i = body.length - 3; i >= 0; i--) {
      if (body[i] == 3 && body[i + 1] == 4 && body[i + 2] == 2) {
        return i;
      }
    }
    throw new AssertionError("no edge 3 -4-> 2");
  }

  /** What a scan of {@code body} reports: a line per node, then per edge. */
  private static List<String> scanned(byte[] body) {
    List<String> out = new ArrayList<>();
    GraphCodec.scan(
        body,
        new GraphCodec.Visitor() {
          @Override
          public void node(
              String id, Kind kind, String type, String name, boolean attributed, String start) {
            out.add(
                List.of(id, kind, String.valueOf(type), String.valueOf(name), attributed)
                    + " "
                    + start);
          }

          @Override
          public void edge(
              String subject, Relation relation, String object, long time, boolean attributed) {
            out.add(List.of(subject, relation, object, time, attributed).toString());
          }
        });
    return out;
  }

  /** The record {@link #VERSION_1} was encoded from. */
  private static GraphRecord projected() {
    Node run =
        new Node(
            NodeId.parse("run:296deeed-f961-4dea-acec-6eecfd7fdabb", "id"),
            Kind.ACTIVITY,
            "job-run",
            "pipe-128 stage 0",
            Map.of("k", "\"v\""),
            Instant.parse("2025-10-09T08:53:20Z"),
            null);
    Node dataset =
        new Node(
            NodeId.parse("dataset:s3://landing:pipe-128.raw.v0", "id"),
            Kind.ENTITY,
            "dataset",
            null,
            Map.of(),
            null,
            null);
    Node agent =
        new Node(
            NodeId.parse("https://airflow.example.com/scheduler-8", "id"),
            Kind.AGENT,
            null,
            null,
            Map.of(),
            null,
            null);
    List<Edge> edges =
        List.of(
            new Edge(run.id(), Relation.USED, dataset.id(), null, Map.of()),
            new Edge(
                run.id(),
                Relation.WAS_ASSOCIATED_WITH,
                agent.id(),
                Instant.ofEpochMilli(1760000000000L),
                Map.of("role", "\"scheduler\"")),
            new Edge(
                dataset.id(),
                Relation.WAS_DERIVED_FROM,
                NodeId.parse("sha256:" + "ab".repeat(32), "id"),
                null,
                Map.of()));
    return record(List.of(run, dataset, agent), edges);
  }

  private static GraphCodec.Visitor ignoring() {
    return new GraphCodec.Visitor() {
      @Override
      public void node(
          String id, Kind kind, String type, String name, boolean attributed, String start) {}

      @Override
      public void edge(
          String subject, Relation relation, String object, long time, boolean attributed) {}
    };
  }

  private static GraphRecord randomRecord(Random random) {
    List<Node> nodes = new ArrayList<>();
    // Distinct ids, as a projection has them (GraphRecord.project keeps one node an id).
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      int id = random.nextInt(1000);
      if (!ids.add(id)) {
        continue;
      }
      Kind kind = Kind.values()[random.nextInt(3)];
      Instant start =
          kind == Kind.ACTIVITY && random.nextBoolean()
              ? Instant.ofEpochMilli(random.nextInt(1 << 30))
              : null;
      nodes.add(
          new Node(
              NodeId.parse("urn:n:" + id, "id"),
              kind,
              random.nextBoolean() ? null : text(random),
              random.nextBoolean() ? null : text(random),
              attributes(random),
              start,
              start != null && random.nextBoolean() ? start.plusSeconds(1) : null));
    }
    List<Edge> edges = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      edges.add(
          new Edge(
              end(random, nodes, "urn:s:" + random.nextInt(1000)),
              Relation.values()[random.nextInt(Relation.values().length)],
              end(random, nodes, "sha256:" + "ab".repeat(32)),
              random.nextBoolean()
                  ? null
                  : Instant.ofEpochMilli(random.nextLong(-1L << 40, 1L << 42)),
              attributes(random)));
    }
    return record(nodes, edges);
  }

  /**
   * An edge end: one of the record's own nodes (written as a reference) or, as often, an id the
   * record does not declare (written out).
   */
  private static NodeId end(Random random, List<Node> nodes, String outside) {
    return nodes.isEmpty() || random.nextBoolean()
        ? NodeId.parse(outside, "id")
        : nodes.get(random.nextInt(nodes.size())).id();
  }

  private static GraphRecord record(List<Node> nodes, List<Edge> edges) {
    return new GraphRecord(
        7, NodeId.parse("urn:agent:x", "id"), Instant.EPOCH, 0, nodes, edges, false, false, false);
  }

  private static Map<String, String> attributes(Random random) {
    Map<String, String> out = new TreeMap<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      out.put("k" + text(random), "\"" + text(random) + "\"");
    }
    return out;
  }

  private static String text(Random random) {
    return TEXTS[random.nextInt(TEXTS.length)];
  }
}
