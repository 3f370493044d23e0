package dev.custody.api;

import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident of {@code src/test/resources/scenario/} (one file per producer event, posted in
 * order) over real HTTP: the checkout service was redeployed from revision 41 to 42 and its pod
 * misbehaves. The questions an on-call engineer asks, each answered by one call, now and as of the
 * log before the second deploy.
 *
 * <p>Commit 1 is built into image 1 (with its SBOM), deployed as revision 41 into pod 1. Commit 2
 * (child of commit 1) is built into image 2, which drops jackson-databind 2.17.1 for 2.18.2; a
 * nightly Airflow run of a job defined at commit 2 writes a dataset version that a report derives
 * from; then revision 42, approved by Bob and performed by the Argo CD service account, deploys
 * image 2 into pod 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenarioTest {
  static final List<String> EVENTS =
      List.of(
          "01-push-commit-1.json",
          "02-build-1.json",
          "03-sbom-1.json",
          "04-deploy-revision-41.json",
          "05-pod-1.json",
          "06-push-commit-2.json",
          "07-build-2.json",
          "08-sbom-2.json",
          "09-job-run.json",
          "10-report.json",
          "11-deploy-revision-42.json",
          "12-pod-2.json");

  /** The log size just before the second deploy's record (its index). */
  static final long BEFORE_SECOND_DEPLOY = EVENTS.indexOf("11-deploy-revision-42.json");

  static final String C1 =
      "git+https://github.com/acme/checkout@d0f631ca1ddba8db3bcfcb9e057cdc98d0379f1b";
  static final String C2 =
      "git+https://github.com/acme/checkout@9c0abe51c6e6655d81de2d044d4fb194931f058c";
  static final String BOB = "https://github.com/bob-okafor";
  static final String B1 = "https://github.com/acme/checkout/actions/runs/11873401";
  static final String B2 = "https://github.com/acme/checkout/actions/runs/11902258";
  static final String DIGEST1 =
      "sha256:4cd9b7672d7fbee8fb51fb1e049f690342035f543a8efe734b7b5ffb0c154a45";
  static final String DIGEST2 =
      "sha256:420fce314175df402adbeae3cfbbb85665b72d8b9bc2346f463e32a82f64b114";
  static final String I1 = "ghcr.io/acme/checkout@" + DIGEST1;
  static final String I2 = "ghcr.io/acme/checkout@" + DIGEST2;
  static final String SA =
      "https://k8s.acme.dev/api/v1/namespaces/shop/serviceaccounts/argocd-deployer";
  static final String D41 =
      "https://k8s.acme.dev/apis/apps/v1/namespaces/shop/deployments/checkout/revisions/41";
  static final String D42 =
      "https://k8s.acme.dev/apis/apps/v1/namespaces/shop/deployments/checkout/revisions/42";
  static final String P1 =
      "https://k8s.acme.dev/api/v1/namespaces/shop/pods/checkout-6d8f9c7b5-x2k4q";
  static final String P2 =
      "https://k8s.acme.dev/api/v1/namespaces/shop/pods/checkout-7c9d8b6f4-p9m2z";
  static final String JOB = "job:airflow://airflow.acme.dev:revenue.daily_revenue";
  static final String RUN = "run:3f0c6a1e-9b2d-4e5f-8a7b-1c2d3e4f5a6b";
  static final String DATASET =
      "dataset:postgres://warehouse.acme.internal:5432:analytics.daily_revenue";
  static final String DATASET_VERSION = DATASET + "@v1187";
  static final String REPORT = "https://bi.acme.dev/reports/daily-revenue/2026-11-24";
  static final String SLF4J = "pkg:maven/org.slf4j/slf4j-api@2.0.16";
  static final String JACKSON_OLD = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1";
  static final String JACKSON_NEW = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.18.2";
  static final String NETTY = "pkg:maven/io.netty/netty-codec-http@4.1.115.Final";

  TestServer s;

  @BeforeAll
  void postTheIncident(@TempDir Path dir) throws IOException {
    s = new TestServer(dir);
    for (String event : EVENTS) {
      HttpResponse<byte[]> r =
          s.post("/v1/records?wait=checkpoint", "application/json", resource(event));
      assertThat(r.statusCode()).as(event + ": " + TestServer.text(r)).isEqualTo(201);
    }
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ScenarioTest.class.getResourceAsStream("/scenario/" + name)) {
      if (in == null) {
        throw new IOException("no scenario file " + name);
      }
      return in.readAllBytes();
    }
  }

  // ---- the questions --------------------------------------------------------------------------

  @Test
  void theRunningPodComesFromTheSecondBuildOfTheSecondCommit() {
    JsonNode l = answer("/v1/lineage?id=" + enc(P2) + "&types=build,git-commit");

    // commit 1 is there too: the parent of commit 2, one hop further up
    assertThat(ids(l.get("nodes"))).containsExactlyInAnyOrder(P2, B2, C2, C1);
    assertThat(edges(l.get("edges"))).contains(B2 + " used " + C2);
  }

  @Test
  void aPathLeadsFromTheRunningPodThroughItsDeploymentImageAndBuildToTheCommit() {
    JsonNode p = answer("/v1/paths?from=" + enc(P2) + "&to=" + enc(C2));

    assertThat(p.get("found").asBoolean()).isTrue();
    JsonNode path = p.get("paths").get(0);
    assertThat(path.get("length").asInt()).isEqualTo(4);
    assertThat(ids(path.get("nodes"))).containsExactly(P2, D42, I2, B2, C2);
  }

  @Test
  void sinceThePreviousDeployTheCommitBuildImageAndJacksonChanged() {
    JsonNode d = answer("/v1/diff?from=" + enc(D41) + "&to=" + enc(D42));

    assertThat(ids(d.get("added").get("nodes")))
        .containsExactlyInAnyOrder(C2, B2, I2, DIGEST2, JACKSON_NEW);
    assertThat(ids(d.get("removed").get("nodes")))
        .containsExactlyInAnyOrder(B1, I1, DIGEST1, JACKSON_OLD);
    assertThat(edges(d.get("added").get("edges")))
        .contains(D42 + " used " + I2, B2 + " used " + C2, C2 + " wasDerivedFrom " + C1);
    assertThat(edges(d.get("removed").get("edges"))).contains(B1 + " used " + C1);
    assertThat(d.get("truncated").asBoolean()).isFalse();
    // commit 1 (parent of commit 2), Alice, the CI system, Bob, the service account, slf4j, netty
    assertThat(d.get("commonNodes").asInt()).isEqualTo(7);
  }

  @Test
  void thePodsDifferByTheirDeploymentToo() {
    JsonNode d = answer("/v1/diff?from=" + enc(P1) + "&to=" + enc(P2));

    assertThat(ids(d.get("added").get("nodes"))).contains(D42, I2).doesNotContain(P2);
    assertThat(ids(d.get("removed").get("nodes"))).contains(D41, I1).doesNotContain(P1);
  }

  @Test
  void aDiffOfBadParametersIsAProblemNamingTheParameter() {
    for (String[] bad :
        new String[][] {
          {"/v1/diff?to=" + enc(D42), "from"},
          {"/v1/diff?from=" + enc(D41), "to"},
          {"/v1/diff?from=md5:00&to=" + enc(D42), "from"},
          {"/v1/diff?from=" + enc(D41) + "&to=" + enc("https://nowhere.example/x"), "to"},
          {"/v1/diff?from=" + enc(D41) + "&to=" + enc(D42) + "&depth=51", "depth"},
          {"/v1/diff?from=" + enc(D41) + "&to=" + enc(D42) + "&asOf=99999", "asOf"},
          {"/v1/diff?from=" + enc(D41) + "&to=" + enc(D42) + "&limit=x", "limit"}
        }) {
      HttpResponse<byte[]> r = s.get(bad[0]);
      assertThat(r.statusCode()).as(bad[0]).isBetween(400, 404);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(json(r).get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }

  @Test
  void downstreamOfTheCommitReachesBothTheRunningPodAndTheRevenueReport() {
    JsonNode l = answer("/v1/lineage?id=" + enc(C2) + "&direction=downstream");

    assertThat(ids(l.get("nodes")))
        .contains(B2, I2, D42, P2, JOB, RUN, DATASET_VERSION, DATASET, REPORT)
        .doesNotContain(P1, C1);
  }

  @Test
  void bobApprovedTheDeploymentOfTheRunningPodAndTheArgoServiceAccountPerformedIt() {
    assertThat(deploymentOf(P2, null)).isEqualTo(D42);
    assertThat(rolesOf(D42, null))
        .containsExactly(Map.entry(BOB, "approver"), Map.entry(SA, "deployer"));
  }

  @Test
  void theRunningPodsImageHoldsTheComponentsOfItsSbom() {
    JsonNode l = answer("/v1/lineage?id=" + enc(P2) + "&types=package");

    assertThat(ids(l.get("nodes"))).containsExactlyInAnyOrder(P2, SLF4J, JACKSON_NEW, NETTY);
  }

  @Test
  void noProducerOfTheIncidentDisagreesWithCausality() {
    for (int i = 0; i < EVENTS.size(); i++) {
      JsonNode clocks = json(s.get("/v1/records?index=" + i)).get("clocks");
      assertThat(clocks.get("causality").asBoolean()).as(EVENTS.get(i)).isFalse();
      assertThat(clocks.get("skew").asBoolean()).as(EVENTS.get(i)).isFalse();
    }
  }

  // ---- the same questions before the second deploy -------------------------------------------

  @Test
  void beforeTheSecondDeployThePodRanTheFirstBuildOfTheFirstCommit() {
    JsonNode l =
        answer(
            "/v1/lineage?id=" + enc(P1) + "&types=build,git-commit&asOf=" + BEFORE_SECOND_DEPLOY);

    assertThat(ids(l.get("nodes"))).containsExactlyInAnyOrder(P1, B1, C1);
    assertThat(l.get("checkpoint").get("size").asLong()).isEqualTo(BEFORE_SECOND_DEPLOY);
  }

  @Test
  void beforeTheSecondDeployTheCurrentPodAndDeploymentAreUnknown() {
    HttpResponse<byte[]> pod = s.get("/v1/lineage?id=" + enc(P2) + "&asOf=" + BEFORE_SECOND_DEPLOY);
    HttpResponse<byte[]> diff =
        s.get("/v1/diff?from=" + enc(D41) + "&to=" + enc(D42) + "&asOf=" + BEFORE_SECOND_DEPLOY);

    assertThat(pod.statusCode()).isEqualTo(404);
    assertThat(json(pod).get("field").asText()).isEqualTo("id");
    assertThat(diff.statusCode()).isEqualTo(404);
    assertThat(json(diff).get("field").asText()).isEqualTo("to");
  }

  @Test
  void beforeTheSecondDeployThePathFromThePodLedToTheFirstCommit() {
    JsonNode p =
        answer("/v1/paths?from=" + enc(P1) + "&to=" + enc(C1) + "&asOf=" + BEFORE_SECOND_DEPLOY);

    assertThat(p.get("found").asBoolean()).isTrue();
    assertThat(p.get("checkpoint").get("size").asLong()).isEqualTo(BEFORE_SECOND_DEPLOY);
    assertThat(ids(p.get("paths").get(0).get("nodes"))).startsWith(P1).endsWith(C1);
    // The running pod of today was not there yet; a size beyond the log is refused.
    HttpResponse<byte[]> later =
        s.get("/v1/paths?from=" + enc(P2) + "&to=" + enc(C2) + "&asOf=" + BEFORE_SECOND_DEPLOY);
    assertThat(later.statusCode()).isEqualTo(404);
    assertThat(json(later).get("field").asText()).isEqualTo("from");
    HttpResponse<byte[]> beyond =
        s.get("/v1/paths?from=" + enc(P1) + "&to=" + enc(C1) + "&asOf=99999");
    assertThat(beyond.statusCode()).isEqualTo(400);
    assertThat(json(beyond).get("field").asText()).isEqualTo("asOf");
  }

  @Test
  void beforeTheSecondDeployTheCommitReachedTheReportButNoPod() {
    JsonNode l =
        answer("/v1/lineage?id=" + enc(C2) + "&direction=downstream&asOf=" + BEFORE_SECOND_DEPLOY);

    assertThat(ids(l.get("nodes"))).contains(B2, I2, REPORT).doesNotContain(D42, P2, P1);
  }

  @Test
  void beforeTheSecondDeployBobHadApprovedTheFirstDeployment() {
    assertThat(deploymentOf(P1, BEFORE_SECOND_DEPLOY)).isEqualTo(D41);
    assertThat(rolesOf(D41, BEFORE_SECOND_DEPLOY))
        .containsExactly(Map.entry(BOB, "approver"), Map.entry(SA, "deployer"));
  }

  @Test
  void beforeTheSecondDeployThePodsImageHeldTheOldJackson() {
    JsonNode l =
        answer("/v1/lineage?id=" + enc(P1) + "&types=package&asOf=" + BEFORE_SECOND_DEPLOY);

    assertThat(ids(l.get("nodes"))).containsExactlyInAnyOrder(P1, SLF4J, JACKSON_OLD, NETTY);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * A 200 answer of a graph query, checked by {@link #verifyProofs}; lineage and paths are asked
   * for with their proofs.
   */
  private JsonNode answer(String path) {
    boolean provable = path.startsWith("/v1/lineage?") || path.startsWith("/v1/paths?");
    HttpResponse<byte[]> r = s.get(provable ? path + "&proofs=true" : path);
    assertThat(r.statusCode()).as(path + ": " + TestServer.text(r)).isEqualTo(200);
    JsonNode answer = json(r);
    verifyProofs(answer);
    return answer;
  }

  /**
   * Checks that a graph answer can be trusted against the log: the root of the checkpoint it names
   * is the log's root at that size, and when it carries proofs, every edge is proven the way a
   * client holding only the log's key would ({@link SkepticalClient}): the record that asserted it
   * is included under that root, the root is signed (or consistent with a signed checkpoint), and
   * the record states the edge.
   */
  private void verifyProofs(JsonNode answer) {
    JsonNode cp = answer.get("checkpoint");
    long size = cp.get("size").asLong();
    assertThat(Base64.getDecoder().decode(cp.get("rootHash").asText()))
        .as("root hash of the answer's checkpoint")
        .isEqualTo(s.log.rootHash(size));
    if (answer.has("proofs")) {
      new SkepticalClient(s).check(answer);
    }
  }

  /** The deployment that generated {@code pod}. */
  private String deploymentOf(String pod, Long asOf) {
    JsonNode l =
        answer(
            "/v1/lineage?id="
                + enc(pod)
                + "&relations=wasGeneratedBy&depth=1&types=deployment"
                + (asOf == null ? "" : "&asOf=" + asOf));
    List<String> found = new ArrayList<>(ids(l.get("nodes")));
    found.remove(pod);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /**
   * The agents associated with {@code deployment}, each with its role: an attribute of the
   * association edge, answered with the edge.
   */
  private Map<String, String> rolesOf(String deployment, Long asOf) {
    JsonNode l =
        answer(
            "/v1/lineage?id="
                + enc(deployment)
                + "&relations=wasAssociatedWith&depth=1"
                + (asOf == null ? "" : "&asOf=" + asOf));
    Map<String, String> roles = new LinkedHashMap<>();
    for (JsonNode e : l.get("edges")) {
      if (e.get("relation").asText().equals("wasAssociatedWith")) {
        roles.put(e.get("object").asText(), e.at("/attributes/prov:role").asText());
      }
    }
    return roles;
  }

  private static List<String> ids(JsonNode nodes) {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  private static Set<String> edges(JsonNode edges) {
    Set<String> out = new TreeSet<>();
    edges.forEach(e ->
        out.add(
            e.get("subject").asText()
                + " "
                + e.get("relation").asText()
                + " "
                + e.get("object").asText()));
    return out;
  }
}
