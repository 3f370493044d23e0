package dev.custody.api;

import static dev.custody.api.IncidentScenario.BUILD;
import static dev.custody.api.IncidentScenario.CI;
import static dev.custody.api.IncidentScenario.DEPLOY;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Missing links and coverage over real HTTP on SQLite, on the incident of {@link IncidentScenario}
 * (records 0 to 2) and records added here.
 */
class GapsApiTest {
  static final String PACKAGE = "pkg:maven/acme/shop@1.0";
  static final String SBOM = "https://ci.acme.dev/runs/1001/sbom.json";
  static final String OTHER_IMAGE = "ghcr.io/acme/other@sha256:" + "c3".repeat(32);
  static final String DEPLOY_2 = "https://k8s.acme.dev/deployments/other/revisions/1";

  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir, Duration.ofMillis(50));
    IncidentScenario.post(s);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  /** Posts one native record (waiting for its checkpoint); answers its log index. */
  private long post(String time, String nodes, String relations) {
    String body =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "%s",
         "nodes": [%s], "relations": [%s]}
        """
            .formatted(CI, time, nodes, relations);
    HttpResponse<byte[]> r = s.postJson("/v1/records?wait=checkpoint", body);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    return json(r).get("records").get(0).get("index").asLong();
  }

  private static String node(String id, String kind, String type) {
    return "{\"id\": \"%s\", \"kind\": \"%s\", \"type\": \"%s\"}".formatted(id, kind, type);
  }

  private static String rel(String subject, String relation, String object) {
    return "{\"relation\": \"%s\", \"subject\": \"%s\", \"object\": \"%s\"}"
        .formatted(relation, subject, object);
  }

  private JsonNode get(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static List<String> listed(JsonNode gaps) {
    List<String> out = new ArrayList<>();
    gaps.get("gaps")
        .forEach(g ->
            out.add(
                g.get("kind").asText()
                    + " "
                    + g.get("node").asText()
                    + " @"
                    + g.get("firstIndex").asLong()));
    return out;
  }

  @Test
  void theIncidentHasOneGapADeploymentWithoutAgentAndTheImageAliasIsNone() {
    JsonNode g = get("/v1/gaps");
    // no-generation: IMAGE, DIGEST (typed by record 1; its alias IMAGE was built), POD: 0 of 3.
    // deployment-without-build: DEPLOY used DIGEST, whose alias was built: 0 of 1.
    // no-agent: BUILD (associated with CI) and DEPLOY (nobody): 1 of 2.
    assertThat(listed(g)).containsExactly("no-agent " + DEPLOY + " @1");
    assertThat(g.get("checked").asLong()).isEqualTo(6);
    assertThat(g.get("missing").asLong()).isEqualTo(1);
    assertThat(g.get("rate").asDouble()).isEqualTo(1.0 / 6);
    assertThat(g.get("truncated").asBoolean()).isFalse();
    assertThat(g.get("kinds").get("no-generation").get("checked").asLong()).isEqualTo(3);
    assertThat(g.get("kinds").get("deployment-without-build").get("checked").asLong()).isEqualTo(1);
    assertThat(g.get("kinds").get("no-agent").get("missing").asLong()).isEqualTo(1);
    assertThat(g.get("gaps").get(0).get("relation").asText()).isEqualTo("wasAssociatedWith");
    assertThat(g.get("checkpoint").get("size").asLong()).isEqualTo(3);
    assertThat(Base64.getDecoder().decode(g.get("checkpoint").get("rootHash").asText()))
        .isEqualTo(s.log.rootHash(3));
  }

  @Test
  void aGapIsClosedByALaterRecordAndStaysOpenAsOfTheEarlierLogSize() {
    long named = post("2026-11-25T12:20:00Z", node(PACKAGE, "entity", "package"), "");
    assertThat(listed(get("/v1/gaps?kind=no-generation")))
        .containsExactly("no-generation " + PACKAGE + " @" + named);

    long closing =
        post(
            "2026-11-25T12:21:00Z",
            node(PACKAGE, "entity", "package") + "," + node(BUILD, "activity", "build"),
            rel(PACKAGE, "wasGeneratedBy", BUILD));

    assertThat(listed(get("/v1/gaps?kind=no-generation"))).isEmpty();
    assertThat(listed(get("/v1/gaps?kind=no-generation&asOf=" + closing)))
        .containsExactly("no-generation " + PACKAGE + " @" + named);
    assertThat(listed(get("/v1/gaps?kind=no-generation&asOf=" + named))).isEmpty();
  }

  @Test
  void aBackfilledRecordWithAnOldProducerTimeClosesAGap() {
    long named = post("2026-11-25T12:20:00Z", node(SBOM, "entity", "sbom"), "");
    String body =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2020-01-01T00:00:00Z",
         "nodes": [%s, %s], "relations": [%s]}
        """
            .formatted(
                CI,
                node(SBOM, "entity", "sbom"),
                node(BUILD, "activity", "build"),
                rel(SBOM, "wasGeneratedBy", BUILD));
    HttpResponse<byte[]> r = s.postJson("/v1/records?wait=checkpoint", body);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode record = json(r).get("records").get(0);
    JsonNode clocks = json(s.get("/v1/records/" + record.get("id").asText())).get("clocks");
    assertThat(clocks.get("backfill").asBoolean()).isTrue();

    assertThat(get("/v1/gaps?type=sbom").get("missing").asLong()).isZero();
    assertThat(listed(get("/v1/gaps?type=sbom&asOf=" + record.get("index").asLong())))
        .containsExactly("no-generation " + SBOM + " @" + named);
  }

  @Test
  void aDeploymentOfAnImageWithoutBuildNamesTheImage() {
    long index =
        post(
            "2026-11-25T12:30:00Z",
            node(DEPLOY_2, "activity", "deployment")
                + ","
                + node(OTHER_IMAGE, "entity", "container-image"),
            rel(DEPLOY_2, "used", OTHER_IMAGE) + "," + rel(DEPLOY_2, "wasAssociatedWith", CI));
    JsonNode g = get("/v1/gaps?kind=deployment-without-build");
    assertThat(listed(g)).containsExactly("deployment-without-build " + DEPLOY_2 + " @" + index);
    assertThat(g.get("gaps").get(0).get("via").asText()).isEqualTo(OTHER_IMAGE);
    assertThat(g.get("gaps").get(0).get("relation").asText()).isEqualTo("wasGeneratedBy");
    assertThat(g.get("checked").asLong()).isEqualTo(2);
    assertThat(g.get("kinds").size()).isEqualTo(1);
    // The image itself is a no-generation gap; its bare digest (untyped) is not checked.
    assertThat(listed(get("/v1/gaps?kind=no-generation")))
        .containsExactly("no-generation " + OTHER_IMAGE + " @" + index);
  }

  @Test
  void typeSelectsTheNodesChecksApplyToAndLimitCutsTheList() {
    post("2026-11-25T12:40:00Z", node(PACKAGE, "entity", "package"), "");
    JsonNode deployments = get("/v1/gaps?type=deployment");
    assertThat(listed(deployments)).containsExactly("no-agent " + DEPLOY + " @1");
    assertThat(deployments.get("kinds").get("no-generation").get("checked").asLong()).isZero();
    assertThat(deployments.get("checked").asLong()).isEqualTo(2);
    // Unknown types are data like any other: nothing of that type, nothing checked.
    assertThat(get("/v1/gaps?type=helm-chart").get("rate").asDouble()).isZero();

    JsonNode one = get("/v1/gaps?limit=1");
    assertThat(one.get("missing").asLong()).isEqualTo(2);
    assertThat(listed(one)).containsExactly("no-agent " + DEPLOY + " @1");
    assertThat(one.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void coverageCountsWhatReachesACommitPerCategoryAsComputedByHand() {
    long index =
        post(
            "2026-11-25T12:50:00Z",
            String.join(
                ",",
                node(PACKAGE, "entity", "package"),
                node(SBOM, "entity", "sbom"),
                node(BUILD, "activity", "build"),
                node(OTHER_IMAGE, "entity", "container-image"),
                node(DEPLOY_2, "activity", "deployment")),
            String.join(
                ",", rel(PACKAGE, "wasGeneratedBy", BUILD), rel(DEPLOY_2, "used", OTHER_IMAGE)));
    // artifacts: PACKAGE (built from the commit) yes, SBOM (nobody built it) no: 1 of 2.
    // images: IMAGE, DIGEST (typed by record 1) yes, OTHER_IMAGE no: 2 of 3; its bare digest is
    // untyped, so not counted.
    // deployments: DEPLOY (used DIGEST, alias of IMAGE) yes, DEPLOY_2 no: 1 of 2.
    JsonNode c = get("/v1/coverage");
    assertLine(c.get("categories").get("artifacts"), 2, 1);
    assertLine(c.get("categories").get("images"), 3, 2);
    assertLine(c.get("categories").get("deployments"), 2, 1);
    assertLine(c.get("overall"), 7, 4);
    assertThat(c.get("checkpoint").get("size").asLong()).isEqualTo(index + 1);

    JsonNode before = get("/v1/coverage?asOf=" + index);
    assertLine(before.get("categories").get("artifacts"), 0, 0);
    assertLine(before.get("categories").get("images"), 2, 2);
    assertLine(before.get("categories").get("deployments"), 1, 1);
    assertLine(before.get("overall"), 3, 3);
    assertThat(Base64.getDecoder().decode(before.get("checkpoint").get("rootHash").asText()))
        .isEqualTo(s.log.rootHash(index));
  }

  private static void assertLine(JsonNode line, long nodes, long reaching) {
    assertThat(line.get("nodes").asLong()).as("nodes").isEqualTo(nodes);
    assertThat(line.get("reaching").asLong()).as("reaching").isEqualTo(reaching);
    assertThat(line.get("ratio").asDouble())
        .as("ratio")
        .isEqualTo(nodes == 0 ? 0 : (double) reaching / nodes);
  }

  @ParameterizedTest(name = "{0} -> 400 naming {1}")
  @CsvSource({
    "/v1/gaps?asOf=4, asOf",
    "/v1/gaps?asOf=-1, asOf",
    "/v1/gaps?asOf=x, asOf",
    "/v1/gaps?limit=0, limit",
    "/v1/gaps?limit=10001, limit",
    "/v1/gaps?limit=99999999999999999999, limit",
    "/v1/gaps?kind=no-such-kind, kind",
    "/v1/gaps?type=, type",
    "/v1/coverage?asOf=4, asOf",
    "/v1/coverage?asOf=1.5, asOf",
  })
  void badParametersAreProblemsNamingTheField(String path, String field) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }

  @Test
  void metricsReportTheMissingLinkRateGapsByKindAndCoverageFromABackgroundResult()
      throws InterruptedException {
    String expected = "custody_missing_links{kind=\"no-agent\"} 1.0";
    String metrics = "";
    for (int i = 0; i < 100 && !metrics.contains(expected); i++) {
      Thread.sleep(50);
      metrics = TestServer.text(s.get("/metrics"));
    }
    assertThat(metrics)
        .contains(expected)
        .contains("custody_missing_links{kind=\"no-generation\"} 0.0")
        .contains("custody_missing_link_rate " + (1.0 / 6))
        .contains("custody_coverage_ratio{category=\"images\"} 1.0")
        .contains("custody_coverage_ratio{category=\"artifacts\"} 0.0")
        .contains("custody_coverage_ratio{category=\"all\"} 1.0");

    post("2026-11-25T13:00:00Z", node(PACKAGE, "entity", "package"), "");
    String newGap = "custody_missing_links{kind=\"no-generation\"} 1.0";
    for (int i = 0; i < 100 && !metrics.contains(newGap); i++) {
      Thread.sleep(50);
      metrics = TestServer.text(s.get("/metrics"));
    }
    assertThat(metrics).contains(newGap);
  }
}
