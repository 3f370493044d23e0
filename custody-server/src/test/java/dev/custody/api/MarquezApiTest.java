package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.testing.TestData;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Marquez's read API over Marquez's own seed events (docker/metadata.json, the food_delivery
 * example) and the column-lineage event of {@link OpenLineageGraphPropertiesTest}, over real HTTP;
 * every answer matches the OpenAPI document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarquezApiTest {
  TestServer s;
  OpenApiInteractionValidator validator;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    s = new TestServer(dir);
    byte[] seed = Files.readAllBytes(TestData.resolve("openlineage/marquez/docker-metadata.json"));
    assertThat(s.post("/api/v1/lineage", "application/json", seed).statusCode()).isEqualTo(201);
    for (String e : OpenLineageGraphPropertiesTest.IN_ORDER) {
      assertThat(s.postJson("/api/v1/lineage", e).statusCode()).isEqualTo(201);
    }
    s.log.awaitCheckpoint(s.log.store().size()).join();
    validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(
                TestServer.text(s.get("/v1/openapi.json")))
            .build();
  }

  @AfterAll
  void stop() {
    s.close();
  }

  @Test
  void lineageOfADatasetIsMarquezsGraphOfJobsAndDatasets() {
    JsonNode graph =
        get("/api/v1/lineage?nodeId="
                + enc("dataset:food_delivery:public.delivery_7_days")
                + "&depth=20")
            .path("graph");

    JsonNode job = find(graph, "job:food_delivery:etl_delivery_7_days");
    assertThat(job.path("type").asText()).isEqualTo("JOB");
    assertThat(origins(job.path("inEdges")))
        .containsExactlyInAnyOrder(
            "dataset:food_delivery:public.orders_7_days",
            "dataset:food_delivery:public.customers",
            "dataset:food_delivery:public.order_status",
            "dataset:food_delivery:public.drivers",
            "dataset:food_delivery:public.restaurants");
    assertThat(destinations(job.path("outEdges")))
        .containsExactly("dataset:food_delivery:public.delivery_7_days");
    JsonNode ds = find(graph, "dataset:food_delivery:public.delivery_7_days");
    assertThat(ds.path("type").asText()).isEqualTo("DATASET");
    assertThat(ds.path("data").path("id").path("namespace").asText()).isEqualTo("food_delivery");
    assertThat(destinations(ds.path("outEdges")))
        .containsExactly("job:food_delivery:delivery_times_7_days");
    // Upstream at depth 20 reaches the seed's first jobs; downstream, the last ones.
    assertThat(ids(graph))
        .contains(
            "job:food_delivery:etl_orders",
            "job:food_delivery:etl_orders_7_days",
            "job:food_delivery:orders_popular_day_of_week",
            "job:food_delivery:email_discounts");
  }

  @Test
  void depthBoundsTheWalkInJobs() {
    JsonNode graph =
        get("/api/v1/lineage?nodeId=" + enc("job:food_delivery:etl_delivery_7_days") + "&depth=0")
            .path("graph");

    assertThat(ids(graph))
        .contains("job:food_delivery:etl_delivery_7_days")
        .doesNotContain("job:food_delivery:etl_orders_7_days");
  }

  @Test
  void columnLineageFollowsTheFacet() {
    JsonNode graph =
        get("/api/v1/column-lineage?nodeId=" + enc("datasetField:pg:mart.revenue:total"))
            .path("graph");

    JsonNode total = find(graph, "datasetField:pg:mart.revenue:total");
    assertThat(total.path("type").asText()).isEqualTo("DATASET_FIELD");
    JsonNode in = total.path("data").path("inputFields").get(0);
    assertThat(in.path("dataset").asText()).isEqualTo("raw.orders");
    assertThat(in.path("field").asText()).isEqualTo("amount");
    assertThat(in.path("transformationType").asText()).isEqualTo("DIRECT");
    assertThat(origins(total.path("inEdges"))).containsExactly("datasetField:pg:raw.orders:amount");
  }

  @Test
  void runsReportTheStateByEventTime() {
    JsonNode runs = get("/api/v1/namespaces/airflow/jobs/daily_dag.load/runs").path("runs");

    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).path("id").asText()).isEqualTo(OpenLineageGraphPropertiesTest.RUN);
    assertThat(runs.get(0).path("state").asText()).isEqualTo("COMPLETED");
    assertThat(runs.get(0).path("nominalStartTime").asText()).isEqualTo("2026-11-25T00:00:00Z");
  }

  @Test
  void aDatasetHasOneVersionPerRunThatWroteIt() {
    JsonNode versions = get("/api/v1/namespaces/pg/datasets/mart.revenue/versions");

    assertThat(versions.path("totalCount").asInt()).isEqualTo(1);
    assertThat(versions.path("versions").get(0).path("createdByRun").path("id").asText())
        .isEqualTo(OpenLineageGraphPropertiesTest.RUN);
    assertThat(versions.path("versions").get(0).path("fields").get(0).path("name").asText())
        .isEqualTo("total");
  }

  @Test
  void namespacesListEveryNamespace() {
    assertThat(get("/api/v1/namespaces").path("namespaces").findValuesAsText("name"))
        .contains("food_delivery", "airflow", "pg");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/v1/lineage?nodeId=dataset:food_delivery:public.delivery_7_days, 200",
    "/api/v1/lineage?nodeId=job:food_delivery:etl_orders&depth=2, 200",
    "/api/v1/lineage?nodeId=run:5f1c7a2e-8b3d-4c9a-9e1f-2a3b4c5d6e7f, 400",
    "/api/v1/lineage?nodeId=dataset:food_delivery:nope, 404",
    "/api/v1/lineage?nodeId=job:food_delivery:etl_orders&depth=101, 400",
    "/api/v1/lineage, 400",
    "/api/v1/column-lineage?nodeId=dataset:pg:mart.revenue&withDownstream=true, 200",
    "/api/v1/column-lineage, 400",
    "/api/v1/namespaces, 200",
    "/api/v1/namespaces/food_delivery/jobs, 200",
    "/api/v1/namespaces/food_delivery/jobs/etl_orders, 200",
    "/api/v1/namespaces/food_delivery/jobs/nope, 404",
    "/api/v1/namespaces/food_delivery/jobs/etl_orders/runs, 200",
    "/api/v1/jobs/runs/5f1c7a2e-8b3d-4c9a-9e1f-2a3b4c5d6e7f, 200",
    "/api/v1/jobs/runs/not-a-uuid, 400",
    "/api/v1/namespaces/food_delivery/datasets, 200",
    "/api/v1/namespaces/food_delivery/datasets/public.orders, 200",
    "/api/v1/namespaces/food_delivery/datasets/public.orders/versions, 200",
    "/api/v1/search?q=orders, 200",
    "/api/v1/search?q=orders&filter=JOB&limit=3, 200",
    "/api/v1/search?q=orders&filter=RUN, 400",
    "/api/v1/namespaces?limit=1&offset=1, 200",
    "/api/v1/namespaces?limit=-1, 400",
    "/api/v1/namespaces/food_delivery/jobs?limit=2&offset=3, 200",
    "/api/v1/namespaces/food_delivery/jobs?offset=x, 400",
    "/api/v1/namespaces/food_delivery/jobs/etl_orders/runs?limit=1, 200",
    "/api/v1/namespaces/food_delivery/datasets?limit=5&offset=2, 200",
    "/api/v1/namespaces/food_delivery/datasets/public.orders/versions?offset=1, 200",
    "/api/v1/namespaces/food_delivery/datasets?limit=10001, 400",
    "/api/v1/search?q=orders&limit=2&offset=1, 200",
    "/api/v1/column-lineage?nodeId=datasetField:pg:mart.revenue:total, 200",
  })
  void answersMatchTheDocument(String path, int status) {
    String sent = path.replace(":", "%3A").replace("?nodeId%3D", "?nodeId=");
    HttpResponse<byte[]> r = s.get(sent);

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
    r.headers().firstValue("Content-Type").ifPresent(response::withContentType);
    ValidationReport report =
        validator.validateResponse(
            URI.create(sent).getRawPath(), Request.Method.GET, response.build());
    assertThat(
            report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList())
        .as(TestServer.text(r))
        .isEmpty();
  }

  private JsonNode get(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static JsonNode find(JsonNode graph, String id) {
    for (JsonNode n : graph) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " is not in " + ids(graph));
  }

  private static Set<String> ids(JsonNode graph) {
    Set<String> out = new TreeSet<>();
    graph.forEach(n -> out.add(n.path("id").asText()));
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
