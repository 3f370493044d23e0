package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The parts of Marquez's read API issue 6 left: a JobEvent's declared inputs and outputs in
 * lineage, facets as of the latest event time, column-lineage transformations, and paging; over
 * real HTTP on SQLite.
 */
class MarquezCompatibilityTest {
  static final String P = "\"_producer\": \"https://example.org/p\"";

  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  static String jobEvent(String time, String job, String doc, String inputs, String outputs) {
    return """
    {"eventTime": "%s",
     "job": {"namespace": "decl", "name": "%s", "facets": {
       "documentation": {%s, "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json",
                         "description": "%s"}}},
     "inputs": [%s], "outputs": [%s],
     "producer": "https://example.org/p",
     "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent"}
    """
        .formatted(time, job, P, doc, inputs, outputs);
  }

  static String dataset(String ns, String name) {
    return "{\"namespace\": \"" + ns + "\", \"name\": \"" + name + "\"}";
  }

  static String datasetEvent(String time, String ns, String name, String facets) {
    return """
    {"eventTime": "%s", "dataset": {"namespace": "%s", "name": "%s", "facets": {%s}},
     "producer": "https://example.org/p",
     "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent"}
    """
        .formatted(time, ns, name, facets);
  }

  static String docAndSchema(String doc, String... fields) {
    StringJoiner f = new StringJoiner(", ");
    for (String name : fields) {
      f.add("{\"name\": \"" + name + "\", \"type\": \"INT\"}");
    }
    return """
    "documentation": {%s, "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DocumentationDatasetFacet.json",
                      "description": "%s"},
    "schema": {%s, "_schemaURL": "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json",
               "fields": [%s]}
    """
        .formatted(P, doc, P, f);
  }

  static String runEvent(String runId, String time, String job, String inputs, String outputs) {
    return """
    {"eventType": "COMPLETE", "eventTime": "%s", "run": {"runId": "%s"},
     "job": {"namespace": "pg", "name": "%s"},
     "inputs": [%s], "outputs": [%s],
     "producer": "https://example.org/p",
     "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
    """
        .formatted(time, runId, job, inputs, outputs);
  }

  // ---- JobEvent inputs and outputs -------------------------------------------------------------

  @Test
  void aJobEventsDeclaredInputsAndOutputsAreItsEdgesInLineage() {
    post(
        jobEvent(
            "2026-11-25T10:00:00Z",
            "nightly",
            "loads",
            dataset("decl", "raw"),
            dataset("decl", "clean")));

    JsonNode graph = lineage("dataset:decl:clean");

    JsonNode job = find(graph, "job:decl:nightly");
    assertThat(origins(job.path("inEdges"))).containsExactly("dataset:decl:raw");
    assertThat(destinations(job.path("outEdges"))).containsExactly("dataset:decl:clean");
    assertThat(names(job.path("data").path("inputs"))).containsExactly("raw");
    assertThat(origins(find(graph, "dataset:decl:clean").path("inEdges")))
        .containsExactly("job:decl:nightly");
  }

  @Test
  void aJobEventsDeclaredIoIsTheJobsIoAndWalksOnToRunsOfOtherJobs() {
    post(
        jobEvent(
            "2026-11-25T10:00:00Z",
            "nightly",
            "loads",
            dataset("decl", "raw"),
            dataset("pg", "staged")));
    post(
        runEvent(
            UUID.randomUUID().toString(),
            "2026-11-25T11:00:00Z",
            "report",
            dataset("pg", "staged"),
            dataset("pg", "report")));

    JsonNode job = get("/api/v1/namespaces/decl/jobs/nightly");
    assertThat(names(job.path("inputs"))).containsExactly("raw");
    assertThat(names(job.path("outputs"))).containsExactly("staged");
    // From the declared job's input, through its declared output, to the run that read it.
    JsonNode graph = lineage("dataset:decl:raw");
    assertThat(ids(graph))
        .contains("job:decl:nightly", "dataset:pg:staged", "job:pg:report", "dataset:pg:report");
  }

  // ---- facets by event time --------------------------------------------------------------------

  @Test
  void aDatasetsFacetsAreTheLatestEventsNotTheLatestArrivals() {
    post(
        datasetEvent("2026-11-25T12:00:00Z", "wh", "sales", docAndSchema("second", "id", "total")));
    post(datasetEvent("2026-11-25T09:00:00Z", "wh", "sales", docAndSchema("first", "id")));

    JsonNode ds = get("/api/v1/namespaces/wh/datasets/sales");

    assertThat(ds.path("description").asText()).isEqualTo("second");
    assertThat(ds.path("facets").path("documentation").path("description").asText())
        .isEqualTo("second");
    assertThat(names(ds.path("fields"))).containsExactly("id", "total");
  }

  @Test
  void aLaterEventArrivingLaterStillWins() {
    post(datasetEvent("2026-11-25T09:00:00Z", "wh", "sales", docAndSchema("first", "id")));
    post(datasetEvent("2026-11-25T12:00:00Z", "wh", "sales", docAndSchema("second", "id", "x")));

    assertThat(get("/api/v1/namespaces/wh/datasets/sales").path("description").asText())
        .isEqualTo("second");
  }

  @Test
  void aJobsFacetsAreTheLatestEventsNotTheLatestArrivals() {
    post(jobEvent("2026-11-25T12:00:00Z", "nightly", "second", "", ""));
    post(jobEvent("2026-11-25T09:00:00Z", "nightly", "first", "", ""));

    JsonNode job = get("/api/v1/namespaces/decl/jobs/nightly");

    assertThat(job.path("description").asText()).isEqualTo("second");
    assertThat(job.path("facets").path("documentation").path("description").asText())
        .isEqualTo("second");
  }

  // ---- column-lineage transformations ----------------------------------------------------------

  static String columnLineage(String fieldJson) {
    return """
    "columnLineage": {%s, "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                      "fields": {"total": %s}}
    """
        .formatted(P, fieldJson);
  }

  @Test
  void columnLineageAnswersEachInputFieldsTransformations() {
    post(
        datasetEvent(
            "2026-11-25T10:00:00Z",
            "wh",
            "revenue",
            columnLineage(
                """
                {"inputFields": [
                  {"namespace": "wh", "name": "orders", "field": "amount",
                   "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION",
                                        "description": "sum of amount", "masking": false}]},
                  {"namespace": "wh", "name": "orders", "field": "status",
                   "transformations": [{"type": "INDIRECT", "subtype": "FILTER"}]}]}
                """)));

    JsonNode inputs = columnNode("datasetField:wh:revenue:total").path("data").path("inputFields");

    JsonNode amount = byField(inputs, "amount");
    assertThat(amount.path("transformations").get(0).path("type").asText()).isEqualTo("DIRECT");
    assertThat(amount.path("transformations").get(0).path("subtype").asText())
        .isEqualTo("AGGREGATION");
    assertThat(amount.path("transformations").get(0).path("description").asText())
        .isEqualTo("sum of amount");
    assertThat(amount.path("transformationType").asText()).isEqualTo("DIRECT");
    assertThat(amount.path("transformationDescription").asText()).isEqualTo("sum of amount");
    JsonNode status = byField(inputs, "status");
    assertThat(status.path("transformations").get(0).path("subtype").asText()).isEqualTo("FILTER");
  }

  @Test
  void theOlderFacetsTransformationTypeAndDescriptionAreAnswered() {
    post(
        datasetEvent(
            "2026-11-25T10:00:00Z",
            "wh",
            "revenue",
            columnLineage(
                """
                {"inputFields": [{"namespace": "wh", "name": "orders", "field": "amount"}],
                 "transformationType": "IDENTITY", "transformationDescription": "copied as is"}
                """)));

    JsonNode amount =
        byField(
            columnNode("datasetField:wh:revenue:total").path("data").path("inputFields"), "amount");

    assertThat(amount.path("transformationType").asText()).isEqualTo("IDENTITY");
    assertThat(amount.path("transformationDescription").asText()).isEqualTo("copied as is");
    assertThat(amount.has("transformations")).isFalse();
  }

  @Test
  void anEdgesTransformationsAreTheLatestEventsWhateverTheArrivalOrder() {
    String later =
        columnLineage(
            "{\"inputFields\": [{\"namespace\": \"wh\", \"name\": \"orders\", \"field\": \"amount\","
                + " \"transformations\": [{\"type\": \"DIRECT\", \"subtype\": \"TRANSFORMATION\"}]}]}");
    String earlier =
        columnLineage(
            "{\"inputFields\": [{\"namespace\": \"wh\", \"name\": \"orders\", \"field\": \"amount\","
                + " \"transformations\": [{\"type\": \"DIRECT\", \"subtype\": \"IDENTITY\"}]}]}");
    post(datasetEvent("2026-11-25T12:00:00Z", "wh", "revenue", later));
    post(datasetEvent("2026-11-25T09:00:00Z", "wh", "revenue", earlier));

    JsonNode amount =
        byField(
            columnNode("datasetField:wh:revenue:total").path("data").path("inputFields"), "amount");

    assertThat(amount.path("transformations")).hasSize(1);
    assertThat(amount.path("transformations").get(0).path("subtype").asText())
        .isEqualTo("TRANSFORMATION");
  }

  // ---- paging ----------------------------------------------------------------------------------

  /** 105 datasets ({@code wh.t000} ...) in one atomic batch. */
  private void manyDatasets() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 105; i++) {
      events.add(datasetEvent("2026-11-25T10:00:00Z", "many", "t%03d".formatted(i), ""));
    }
    post("[" + String.join(",", events) + "]");
  }

  @Test
  void listsAnswerMarquezsDefaultOf100WithTheTotalCount() {
    manyDatasets();

    JsonNode page = get("/api/v1/namespaces/many/datasets");

    assertThat(page.path("totalCount").asInt()).isEqualTo(105);
    assertThat(page.path("datasets")).hasSize(100);
    assertThat(page.path("datasets").get(0).path("name").asText()).isEqualTo("t000");
  }

  @Test
  void limitAndOffsetSelectAPageOfDatasets() {
    manyDatasets();

    JsonNode page = get("/api/v1/namespaces/many/datasets?limit=3&offset=101");

    assertThat(page.path("totalCount").asInt()).isEqualTo(105);
    assertThat(names(page.path("datasets"))).containsExactly("t101", "t102", "t103");
  }

  @Test
  void anOffsetPastTheEndIsAnEmptyPage() {
    manyDatasets();

    JsonNode page = get("/api/v1/namespaces/many/datasets?offset=500");

    assertThat(page.path("totalCount").asInt()).isEqualTo(105);
    assertThat(page.path("datasets")).isEmpty();
  }

  @Test
  void searchAnswersTenByDefaultAndPagesWithOffset() {
    manyDatasets();

    JsonNode first = get("/api/v1/search?q=t0");
    JsonNode next = get("/api/v1/search?q=t0&limit=5&offset=10");

    assertThat(first.path("totalCount").asInt()).isEqualTo(100);
    assertThat(first.path("results")).hasSize(10);
    assertThat(names(next.path("results"))).containsExactly("t010", "t011", "t012", "t013", "t014");
  }

  @Test
  void jobsRunsVersionsAndNamespacesPage() {
    for (int i = 0; i < 3; i++) {
      post(
          runEvent(
              new UUID(7, i).toString(),
              "2026-11-25T1" + i + ":00:00Z",
              "load" + i % 2,
              "",
              dataset("pg", "out")));
    }

    JsonNode jobs = get("/api/v1/namespaces/pg/jobs?limit=1&offset=1");
    assertThat(jobs.path("totalCount").asInt()).isEqualTo(2);
    assertThat(names(jobs.path("jobs"))).containsExactly("load1");
    // Runs are latest first: run 2 (12:00), then run 0 (10:00).
    JsonNode runs = get("/api/v1/namespaces/pg/jobs/load0/runs?limit=1&offset=1");
    assertThat(runs.path("totalCount").asInt()).isEqualTo(2);
    assertThat(runs.path("runs").get(0).path("id").asText()).isEqualTo(new UUID(7, 0).toString());
    JsonNode versions = get("/api/v1/namespaces/pg/datasets/out/versions?limit=2");
    assertThat(versions.path("totalCount").asInt()).isEqualTo(3);
    assertThat(versions.path("versions")).hasSize(2);
    JsonNode namespaces = get("/api/v1/namespaces?limit=0");
    assertThat(namespaces.path("totalCount").asInt()).isEqualTo(1);
    assertThat(namespaces.path("namespaces")).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/v1/namespaces?limit=-1, limit",
    "/api/v1/namespaces/many/datasets?offset=x, offset",
    "/api/v1/namespaces/many/jobs?limit=10001, limit",
    "/api/v1/search?q=t&offset=-3, offset",
    "/api/v1/namespaces/many/datasets?offset=99999999999, offset",
  })
  void badPagingIsA400NamingTheParameter(String path, String field) {
    HttpResponse<byte[]> r = s.get(path);

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
    assertThat(json(r).path("field").asText()).isEqualTo(field);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void post(String body) {
    HttpResponse<byte[]> r = s.postJson("/api/v1/lineage", body);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
  }

  private JsonNode get(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private JsonNode lineage(String nodeId) {
    return get("/api/v1/lineage?depth=20&nodeId=" + enc(nodeId)).path("graph");
  }

  private JsonNode columnNode(String id) {
    return find(get("/api/v1/column-lineage?nodeId=" + enc(id)).path("graph"), id);
  }

  private static JsonNode byField(JsonNode inputFields, String field) {
    for (JsonNode f : inputFields) {
      if (f.path("field").asText().equals(field)) {
        return f;
      }
    }
    throw new AssertionError(field + " is not in " + inputFields);
  }

  static JsonNode find(JsonNode graph, String id) {
    for (JsonNode n : graph) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " is not in " + ids(graph));
  }

  static List<String> ids(JsonNode graph) {
    List<String> out = new ArrayList<>();
    graph.forEach(n -> out.add(n.path("id").asText()));
    return out;
  }

  /** The {@code name} of each item (not of the items' nested ids). */
  private static List<String> names(JsonNode items) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path("name").asText()));
    return out;
  }

  private static List<String> origins(JsonNode edges) {
    List<String> out = new ArrayList<>();
    edges.forEach(e -> out.add(e.path("origin").asText()));
    return out;
  }

  private static List<String> destinations(JsonNode edges) {
    List<String> out = new ArrayList<>();
    edges.forEach(e -> out.add(e.path("destination").asText()));
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
