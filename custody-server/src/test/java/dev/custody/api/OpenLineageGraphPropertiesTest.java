package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.ingest.openlineage.RunState;
import dev.custody.model.NodeId;
import dev.custody.service.ClockPolicy;
import dev.custody.service.GraphReindexer;
import dev.custody.store.NodeAttribute;
import dev.custody.store.sqlite.GraphExport;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.ScratchDir;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Out-of-order and repeated delivery of OpenLineage events give the graph that in-order delivery
 * gives (every node, attribute, edge and edge attribute, log indexes aside) and the same Marquez
 * answers (facets by event time, JobEvent io, column transformations), each event is logged once,
 * the run's state follows event times, and {@code reindex} rebuilds the graph row for row.
 */
class OpenLineageGraphPropertiesTest {
  static final String PARENT = "9d4a5b1e-3c2f-4e6a-8b7c-1d2e3f4a5b6c";
  static final String RUN = "5f1c7a2e-8b3d-4c9a-9e1f-2a3b4c5d6e7f";

  static String event(String type, String time) {
    return """
    {"eventType": "%s", "eventTime": "%s",
     "run": {"runId": "%s", "facets": {
       "parent": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json",
                  "run": {"runId": "%s"}, "job": {"namespace": "airflow", "name": "daily_dag"}},
       "nominalTime": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json",
                       "nominalStartTime": "2026-11-25T00:00:00Z"}}},
     "job": {"namespace": "airflow", "name": "daily_dag.load", "facets": {
       "sourceCodeLocation": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/SourceCodeLocationJobFacet.json",
                              "type": "git", "url": "https://github.com/acme/etl/blob/main/load.py",
                              "repoUrl": "git@github.com:acme/etl.git", "version": "0123456789abcdef0123456789abcdef01234567"},
       "ownership": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/OwnershipJobFacet.json",
                     "owners": [{"name": "team:data", "type": "MAINTAINER"}]}}},
     "inputs": [{"namespace": "pg", "name": "raw.orders", "facets": {
       "schema": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json",
                  "fields": [{"name": "id", "type": "INT"}, {"name": "amount", "type": "DECIMAL"}]}}}],
     "outputs": [{"namespace": "pg", "name": "mart.revenue", "facets": {
       "schema": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json",
                  "fields": [{"name": "total", "type": "DECIMAL"}]},
       "columnLineage": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json",
                         "fields": {"total": {"inputFields": [{"namespace": "pg", "name": "raw.orders", "field": "amount",
                           "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}]}]}}}}}],
     "producer": "https://example.org/p",
     "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
    """
        .formatted(type, time, RUN, PARENT);
  }

  static final List<String> IN_ORDER =
      List.of(
          event("START", "2026-11-25T10:00:00Z"),
          event("RUNNING", "2026-11-25T10:01:00Z"),
          event("COMPLETE", "2026-11-25T10:05:00Z"));

  static String jobEvent(String time, String doc) {
    return """
    {"eventTime": "%s",
     "job": {"namespace": "airflow", "name": "declared", "facets": {
       "documentation": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json",
                         "description": "%s"}}},
     "inputs": [{"namespace": "pg", "name": "raw.orders"}],
     "outputs": [{"namespace": "pg", "name": "mart.declared"}],
     "producer": "https://example.org/p",
     "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent"}
    """
        .formatted(time, doc);
  }

  /**
   * A later DatasetEvent restating the column lineage of IN_ORDER's output in facet 1-0-0's form.
   */
  static final String OLDER_COLUMN_LINEAGE =
      """
      {"eventTime": "2026-11-25T12:00:00Z",
       "dataset": {"namespace": "pg", "name": "mart.revenue", "facets": {
         "columnLineage": {"_producer": "https://example.org/p", "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ColumnLineageDatasetFacet.json",
                           "fields": {"total": {"inputFields": [{"namespace": "pg", "name": "raw.orders", "field": "amount"}],
                                                "transformationType": "IDENTITY", "transformationDescription": "as is"}}}}},
       "producer": "https://example.org/p",
       "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent"}
      """;

  /** IN_ORDER, two JobEvents that declare io with different documentation, a later facet. */
  static final List<String> WITH_JOB_EVENTS =
      List.of(
          jobEvent("2026-11-25T09:00:00Z", "first"),
          IN_ORDER.get(0),
          IN_ORDER.get(1),
          IN_ORDER.get(2),
          jobEvent("2026-11-25T11:00:00Z", "second"),
          OLDER_COLUMN_LINEAGE);

  /** Marquez answers that depend on what was said, not on arrival; arrays compared as sets. */
  static final List<String> ANSWERS =
      List.of(
          "/api/v1/namespaces/airflow/jobs/declared",
          "/api/v1/namespaces/airflow/jobs/daily_dag.load",
          "/api/v1/namespaces/pg/datasets/mart.revenue",
          "/api/v1/lineage?depth=20&nodeId=dataset%3Apg%3Amart.declared",
          "/api/v1/column-lineage?withDownstream=true&nodeId=datasetField%3Apg%3Amart.revenue%3Atotal");

  @Property(tries = 10)
  void shuffledAndRepeatedJobEventsAndColumnFacetsGiveTheInOrderGraphAndAnswers(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int repeats) throws Exception {
    List<String> stream = new ArrayList<>(WITH_JOB_EVENTS);
    Random r = new Random(seed);
    for (int i = 0; i < repeats; i++) {
      stream.add(WITH_JOB_EVENTS.get(r.nextInt(WITH_JOB_EVENTS.size())));
    }
    Collections.shuffle(stream, r);

    Graph expected = deliver(WITH_JOB_EVENTS);
    Graph actual = deliver(stream);

    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.answers()).isEqualTo(expected.answers());
    assertThat(actual.logSize()).isEqualTo(WITH_JOB_EVENTS.size());
  }

  @Example
  void theAnswersFollowEventTimes() throws Exception {
    List<String> reversed = new ArrayList<>(WITH_JOB_EVENTS);
    Collections.reverse(reversed);

    Graph g = deliver(reversed);

    assertThat(g.answers().get(ANSWERS.get(0)))
        .contains("\"description\":\"second\"")
        .contains("mart.declared")
        .contains("raw.orders");
    assertThat(g.answers().get(ANSWERS.get(3))).contains("job:airflow:declared");
    assertThat(g.answers().get(ANSWERS.get(4)))
        .contains("\"transformationType\":\"IDENTITY\"")
        .doesNotContain("AGGREGATION");
    assertThat(g.rows())
        .contains(
            "edge job:airflow:declared wasDerivedFrom dataset:pg:raw.orders",
            "edge dataset:pg:mart.declared wasDerivedFrom job:airflow:declared")
        .anySatisfy(row -> assertThat(row).startsWith("edgeattr").contains("AGGREGATION"));
  }

  @Property(tries = 12)
  void shuffledAndRepeatedDeliveryGivesTheInOrderGraph(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int repeats) throws Exception {
    List<String> stream = new ArrayList<>(IN_ORDER);
    Random r = new Random(seed);
    for (int i = 0; i < repeats; i++) {
      stream.add(IN_ORDER.get(r.nextInt(IN_ORDER.size())));
    }
    Collections.shuffle(stream, r);

    Graph expected = deliver(IN_ORDER);
    Graph actual = deliver(stream);

    assertThat(actual.rows()).isEqualTo(expected.rows());
    assertThat(actual.logSize()).isEqualTo(3);
    assertThat(actual.state()).isEqualTo("COMPLETED");
  }

  @Example
  void theGraphHoldsWhatTheFacetsSay() throws Exception {
    Graph g = deliver(IN_ORDER);

    assertThat(g.rows())
        .contains(
            "edge run:" + RUN + " wasInformedBy run:" + PARENT,
            "edge run:" + RUN + " used job:airflow:daily_dag.load",
            "edge run:" + RUN + " used dataset:pg:raw.orders",
            "edge run:"
                + RUN
                + " used git+https://github.com/acme/etl@0123456789abcdef0123456789abcdef01234567",
            "edge run:" + RUN + " wasAssociatedWith team:data",
            "edge job:airflow:daily_dag.load wasAttributedTo team:data",
            "edge datasetfield:pg:mart.revenue:total wasDerivedFrom datasetfield:pg:raw.orders:amount",
            "node datasetfield:pg:raw.orders:id entity openlineage-column id",
            "node run:" + RUN + " activity openlineage-run daily_dag.load")
        .anySatisfy(row ->
            assertThat(row)
                .matches(
                    "edge urn:custody:openlineage:version:"
                        + RUN
                        + ":pg:mart.revenue specializationOf dataset:pg:mart.revenue"))
        .anySatisfy(row ->
            assertThat(row)
                .matches(
                    "edge urn:custody:openlineage:version:"
                        + RUN
                        + ":pg:mart.revenue wasGeneratedBy run:"
                        + RUN))
        .anySatisfy(
            row -> assertThat(row).contains("openlineage:columnLineage").contains("AGGREGATION"));
  }

  @Example
  void reindexRebuildsTheOpenLineageGraphRowForRow() throws Exception {
    try (ScratchDir scratch = ScratchDir.create("custody-ol-reindex")) {
      Path dir = scratch.path();
      try (TestServer s = new TestServer(dir)) {
        for (String e : IN_ORDER) {
          assertThat(s.postJson("/api/v1/lineage", e).statusCode()).isEqualTo(201);
        }
      }
      List<String> before = dump(dir, true);
      SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
      try {
        new GraphReindexer(store, ClockPolicy.DEFAULTS).run(n -> {});
      } finally {
        store.close();
      }
      assertThat(dump(dir, true)).hasSizeGreaterThan(30).isEqualTo(before);
    }
  }

  record Graph(List<String> rows, long logSize, String state, Map<String, String> answers) {}

  private static Graph deliver(List<String> events) throws Exception {
    try (ScratchDir scratch = ScratchDir.create("custody-ol-prop")) {
      Path dir = scratch.path();
      long size;
      String state;
      Map<String, String> answers = new java.util.TreeMap<>();
      try (TestServer s = new TestServer(dir)) {
        for (String e : events) {
          assertThat(s.postJson("/api/v1/lineage", e).statusCode()).isEqualTo(201);
        }
        size = s.log.store().size();
        Map<String, String> attrs = new HashMap<>();
        for (NodeAttribute a : s.log.store().attributes(NodeId.parse("run:" + RUN, "run"))) {
          attrs.put(a.name(), a.value());
        }
        state = RunState.of(attrs).map(RunState::state).orElse("none");
        for (String path : ANSWERS) {
          HttpResponse<byte[]> r = s.get(path);
          answers.put(
              path,
              r.statusCode() == 200
                  ? normalized(TestServer.json(r)).toString()
                  : String.valueOf(r.statusCode()));
        }
      }
      return new Graph(dump(dir, false), size, state, answers);
    }
  }

  /**
   * {@code node} with every array sorted, since the order of items follows the log. Times stay:
   * {@code createdAt} and {@code updatedAt} are the earliest and latest event times that name a
   * node, so they must not depend on the order of delivery either.
   */
  static JsonNode normalized(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = TestServer.JSON.createObjectNode();
      node.properties()
          .forEach(e -> {
            out.set(e.getKey(), normalized(e.getValue()));
          });
      return out;
    }
    if (node.isArray()) {
      List<JsonNode> items = new ArrayList<>();
      node.forEach(i -> items.add(normalized(i)));
      items.sort(java.util.Comparator.comparing(JsonNode::toString));
      ArrayNode out = TestServer.JSON.createArrayNode();
      items.forEach(out::add);
      return out;
    }
    return node;
  }

  /** The graph as sorted rows; without log indexes unless {@code withIndexes}. */
  static List<String> dump(Path dir, boolean withIndexes) throws SQLException, IOException {
    TreeSet<String> rows = new TreeSet<>();
    String nodes =
        withIndexes ? "SELECT * FROM nodes" : "SELECT 'node', id, kind, type, name FROM nodes";
    String attrs =
        withIndexes
            ? "SELECT * FROM node_attributes"
            : "SELECT 'attr', node, name, value FROM node_attributes";
    String edges =
        withIndexes ? "SELECT * FROM edges" : "SELECT 'edge', subject, relation, object FROM edges";
    String edgeAttrs =
        withIndexes
            ? "SELECT * FROM edge_attributes"
            : "SELECT 'edgeattr', subject, relation, object, name, value FROM edge_attributes";
    List<String> queries = new ArrayList<>(List.of(nodes, attrs, edges, edgeAttrs));
    if (withIndexes) {
      queries.add("SELECT * FROM mentions");
      queries.add("SELECT * FROM record_meta");
    }
    // The graph's rows in the version 2.5 table layout, one row per node, edge and attribute.
    try (ScratchDir scratch = ScratchDir.create("graph-export")) {
      Path legacy = scratch.path().resolve("legacy.db");
      GraphExport.export(dir.resolve("custody.db"), legacy);
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy);
          Statement st = c.createStatement()) {
        for (String q : queries) {
          try (ResultSet rs = st.executeQuery(q)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
              StringBuilder row = new StringBuilder(withIndexes ? q + ": " : "");
              for (int i = 1; i <= md.getColumnCount(); i++) {
                row.append(i == 1 ? "" : " ").append(rs.getString(i));
              }
              rows.add(row.toString());
            }
          }
        }
      }
      return new ArrayList<>(rows);
    }
  }
}
