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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code GET /v1/impact} over real HTTP on SQLite, on a small hand-built graph whose answers are
 * known: two versions of log4j-core, a library built on the old one, an application jar, two
 * images, a deployment and its pod, a job run that read the jar and wrote a dataset; two npm
 * versions whose order semver and plain text disagree on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImpactApiTest {
  static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core";
  static final String OLD = LOG4J + "@2.14.1";
  static final String NEW = LOG4J + "@2.17.2";
  static final String BETA = LOG4J + "@2.0-beta9";
  static final String UTIL = "pkg:maven/dev.acme/util@1.0";

  /** Its id starts with log4j-core's: another package all the same. */
  static final String EXTRA = LOG4J + "-extra@1.0";

  static final String JAR = "sha256:" + "a".repeat(64);
  static final String IMAGE_1 = "ghcr.io/acme/shop@sha256:" + "b".repeat(64);
  static final String IMAGE_2 = "ghcr.io/acme/cart@sha256:" + "c".repeat(64);
  static final String DEPLOY = "https://k8s.acme.dev/deployments/cart/revisions/3";
  static final String POD = "https://k8s.acme.dev/pods/cart-1";
  static final String RUN = "run:3f0c6a1e-9b2d-4e5f-8a7b-1c2d3e4f5a6b";
  static final String DATASET = "dataset:postgres://db.acme.dev:5432:shop.orders";
  static final String PAD_OLD = "pkg:npm/left-pad@1.2.0";
  static final String PAD_NEW = "pkg:npm/left-pad@1.10.0";
  static final String IMAGE_3 = "ghcr.io/acme/web@sha256:" + "d".repeat(64);
  static final String CI = "https://ci.acme.dev";

  TestServer s;

  /** The log size before the deployment record. */
  long beforeDeploy;

  @BeforeAll
  void graph(@TempDir Path dir) {
    s = new TestServer(dir);
    post(
        new NativeRecords(CI, "2026-11-25T10:00:00Z")
            .node(OLD, "entity", "package")
            .node(NEW, "entity", "package")
            .node(BETA, "entity", "package")
            .node(LOG4J, "entity", "package")
            .node(EXTRA, "entity", "package")
            .node(UTIL, "entity", "package")
            .node(JAR, "entity", "artifact")
            .node(IMAGE_1, "entity", "container-image")
            .node(IMAGE_2, "entity", "container-image")
            .rel(UTIL, "wasDerivedFrom", OLD)
            .rel(JAR, "wasDerivedFrom", UTIL)
            .rel(IMAGE_1, "wasDerivedFrom", NEW)
            .rel(IMAGE_2, "wasDerivedFrom", OLD));
    post(
        new NativeRecords("https://airflow.acme.dev", "2026-11-25T10:05:00Z")
            .node(RUN, "activity", "run")
            .node(JAR, "entity", "artifact")
            .node(DATASET, "entity", "dataset")
            .rel(RUN, "used", JAR)
            .rel(DATASET, "wasGeneratedBy", RUN));
    post(
        new NativeRecords("https://npm.acme.dev", "2026-11-25T10:06:00Z")
            .node(PAD_OLD, "entity", "package")
            .node(PAD_NEW, "entity", "package")
            .node("pkg:npm/left-pad@not-semver", "entity", "package")
            .node(IMAGE_3, "entity", "container-image")
            .rel(IMAGE_3, "wasDerivedFrom", PAD_NEW));
    beforeDeploy = 3;
    post(
        new NativeRecords("https://argocd.acme.dev", "2026-11-25T10:10:00Z")
            .node(DEPLOY, "activity", "deployment")
            .node("sha256:" + "c".repeat(64), "entity", "container-image")
            // A later record types the old version differently: answers as of before show
            // "package".
            .node(OLD, "entity", "library")
            .rel(DEPLOY, "used", "sha256:" + "c".repeat(64)));
    HttpResponse<byte[]> last =
        s.postJson(
            "/v1/records?wait=checkpoint",
            new NativeRecords("https://k8s.acme.dev", "2026-11-25T10:11:00Z")
                .node(POD, "entity", "pod")
                .node(DEPLOY, "activity", "deployment")
                .rel(POD, "wasGeneratedBy", DEPLOY)
                .json());
    assertThat(last.statusCode()).as(TestServer.text(last)).isEqualTo(201);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private void post(NativeRecords r) {
    HttpResponse<byte[]> res = s.postJson("/v1/records", r.json());
    assertThat(res.statusCode()).as(TestServer.text(res)).isEqualTo(201);
  }

  private JsonNode impact(String query) {
    HttpResponse<byte[]> r = s.get("/v1/impact?" + query);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static String q(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  @Test
  void anExactVersionReachesWhatWasBuiltFromItTransitivelyGroupedByKind() {
    JsonNode a = impact("purl=" + q(OLD));
    assertThat(ids(a.get("matched"))).containsExactly(OLD);
    assertThat(ids(a.at("/groups/packages"))).containsExactly(UTIL);
    assertThat(ids(a.at("/groups/artifacts"))).containsExactly(JAR);
    assertThat(ids(a.at("/groups/images"))).containsExactly(IMAGE_2);
    assertThat(ids(a.at("/groups/deployments"))).containsExactly(DEPLOY);
    assertThat(ids(a.at("/groups/pods"))).containsExactly(POD);
    assertThat(ids(a.at("/groups/datasets"))).containsExactly(DATASET);
    assertThat(ids(a.at("/groups/other"))).containsExactly(RUN);
    assertThat(a.at("/counts/images").asInt()).isEqualTo(1);
    assertThat(a.get("truncated").asBoolean()).isFalse();
    assertThat(a.at("/checkpoint/size").asLong()).isEqualTo(5);
  }

  @Test
  void anImageAndItsBareDigestCountOnceWithTheAliasNamed() {
    JsonNode image = impact("purl=" + q(OLD)).at("/groups/images/0");
    assertThat(image.get("id").asText()).isEqualTo(IMAGE_2);
    assertThat(image.get("aliases").get(0).asText()).isEqualTo("sha256:" + "c".repeat(64));
    assertThat(image.get("logIndex").asLong()).isZero();
  }

  @Test
  void aVersionlessPurlMatchesEveryVersionAndTheVersionlessIdButNoOtherPackage() {
    JsonNode a = impact("purl=" + q(LOG4J));
    assertThat(ids(a.get("matched"))).containsExactlyInAnyOrder(OLD, NEW, BETA, LOG4J);
    assertThat(ids(a.at("/groups/images"))).containsExactlyInAnyOrder(IMAGE_1, IMAGE_2);
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "vers:maven/>=2.0.0|<2.17.2;" + OLD,
        "vers:maven/<2.0.0;" + BETA,
        "vers:maven/>=2.17.2;" + NEW,
        "vers:maven/2.17.2;" + NEW,
        "vers:maven/>2.0-beta9|<=2.14.1;" + OLD
      })
  void aMavenRangeComparesVersionsAsMavenDoes(String range, String expected) {
    JsonNode a = impact("purl=" + q(LOG4J) + "&versions=" + q(range));
    assertThat(ids(a.get("matched"))).containsExactly(expected);
    assertThat(a.get("versions").asText()).isEqualTo(range);
  }

  @Test
  void anNpmRangeComparesBySemverNotAsTextAndSkipsWhatIsNotSemver() {
    // As text "1.10.0" < "1.3.0"; as semver it is above. "not-semver" is in no range.
    JsonNode a = impact("purl=" + q("pkg:npm/left-pad") + "&versions=" + q("vers:npm/>=1.3.0"));
    assertThat(ids(a.get("matched"))).containsExactly(PAD_NEW);
    assertThat(ids(a.at("/groups/images"))).containsExactly(IMAGE_3);
  }

  @Test
  void aPackageNobodyUsesMatchesButReachesNothing() {
    JsonNode a = impact("purl=" + q("pkg:maven/org.apache.logging.log4j/log4j-api"));
    assertThat(a.get("matched")).isEmpty();
    a.get("counts").forEach(c -> assertThat(c.asInt()).isZero());
  }

  @Test
  void asOfAnswersAsTheGraphStoodBeforeTheDeployment() {
    JsonNode a = impact("purl=" + q(OLD) + "&asOf=" + beforeDeploy);
    assertThat(a.at("/counts/deployments").asInt()).isZero();
    assertThat(a.at("/counts/pods").asInt()).isZero();
    assertThat(a.at("/counts/datasets").asInt()).isEqualTo(1);
    assertThat(a.at("/checkpoint/size").asLong()).isEqualTo(beforeDeploy);
    assertThat(a.at("/matched/0/type").asText()).isEqualTo("package");
    assertThat(impact("purl=" + q(OLD)).at("/matched/0/type").asText()).isEqualTo("library");
    JsonNode none = impact("purl=" + q(OLD) + "&asOf=0");
    assertThat(none.get("matched")).isEmpty();
  }

  @Test
  void limitCutsTheListsNotTheCounts() {
    JsonNode a = impact("purl=" + q(LOG4J) + "&limit=1");
    assertThat(a.at("/groups/images")).hasSize(1);
    assertThat(a.at("/counts/images").asInt()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} is refused naming {1}")
  @CsvSource(
      delimiter = ';',
      value = {
        "limit=3;purl",
        "purl=sha256:" + "a" + ";purl",
        "purl=https%3A%2F%2Fexample.com%2Fx;purl",
        "purl=pkg%3Amaven%2Fg%2Fa%402.0&versions=vers%3Amaven%2F%3E1;versions",
        "purl=pkg%3Amaven%2Fg%2Fa&versions=maven%2F%3E1;versions",
        "purl=pkg%3Amaven%2Fg%2Fa&versions=vers%3Anpm%2F%3E1.0.0;versions",
        "purl=pkg%3Amaven%2Fg%2Fa&versions=vers%3Amaven%2F;versions",
        "purl=pkg%3Anpm%2Fa&versions=vers%3Anpm%2F%3E%3Dabc;versions",
        "purl=pkg%3Amaven%2Fg%2Fa&versions=vers%3Anosuch%2F1.0;versions",
        "purl=pkg%3Amaven%2Fg%2Fa&limit=0;limit",
        "purl=pkg%3Amaven%2Fg%2Fa&limit=10001;limit",
        "purl=pkg%3Amaven%2Fg%2Fa&asOf=999;asOf",
        "purl=pkg%3Amaven%2Fg%2Fa&asOf=-1;asOf"
      })
  void badInputIsA400NamingTheParameter(String query, String field) {
    HttpResponse<byte[]> r = s.get("/v1/impact?" + query);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }
}
