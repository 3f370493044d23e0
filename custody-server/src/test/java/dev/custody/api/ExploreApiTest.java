package dev.custody.api;

import static dev.custody.api.IncidentScenario.BUILD;
import static dev.custody.api.IncidentScenario.COMMIT;
import static dev.custody.api.IncidentScenario.DEPLOY;
import static dev.custody.api.IncidentScenario.DIGEST;
import static dev.custody.api.IncidentScenario.IMAGE;
import static dev.custody.api.IncidentScenario.POD;
import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
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
 * {@code /v1/paths} and {@code /v1/search} over real HTTP on the incident of {@link
 * IncidentScenario}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExploreApiTest {
  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) {
    s = new TestServer(dir);
    IncidentScenario.post(s);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private JsonNode ok(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static List<String> texts(JsonNode array, String member) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(member).asText()));
    return out;
  }

  @Test
  void theCommitReachesThePodThroughBuildImageDigestAndDeployment() {
    JsonNode p = ok("/v1/paths?from=" + enc(COMMIT) + "&to=" + enc(POD));
    assertThat(p.get("found").asBoolean()).isTrue();
    assertThat(p.get("paths")).hasSize(1);
    JsonNode path = p.get("paths").get(0);
    assertThat(texts(path.get("nodes"), "id"))
        .containsExactly(COMMIT, BUILD, IMAGE, DIGEST, DEPLOY, POD);
    assertThat(texts(path.get("edges"), "relation"))
        .containsExactly("used", "wasGeneratedBy", "alternateOf", "used", "wasGeneratedBy");
    assertThat(texts(path.get("edges"), "logIndex")).containsExactly("0", "0", "0", "1", "2");
    assertThat(path.get("length").asInt()).isEqualTo(5);
  }

  @Test
  void aPathShorterThanTheDistanceFindsNothing() {
    JsonNode p = ok("/v1/paths?from=" + enc(COMMIT) + "&to=" + enc(POD) + "&maxDepth=4");
    assertThat(p.get("found").asBoolean()).isFalse();
    assertThat(p.get("paths")).isEmpty();
  }

  @Test
  void aNodeIsAPathOfLengthZeroToItself() {
    JsonNode p = ok("/v1/paths?from=" + enc(POD) + "&to=" + enc(POD));
    assertThat(p.get("paths").get(0).get("length").asInt()).isZero();
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "/v1/paths?to=x, 400, from",
    "/v1/paths?from={commit}, 400, to",
    "/v1/paths?from={commit}&to={pod}&maxDepth=51, 400, maxDepth",
    "/v1/paths?from={commit}&to={pod}&maxDepth=0, 400, maxDepth",
    "/v1/paths?from={commit}&to={pod}&maxDepth=x, 400, maxDepth",
    "/v1/paths?from={unknown}&to={pod}, 404, from",
    "/v1/paths?from={commit}&to={unknown}, 404, to",
    "/v1/paths?from=md5:1&to={pod}, 400, from",
    "/v1/search?type=pod, 400, q",
    "/v1/search?q=, 400, q",
    "/v1/search?q=a&limit=501, 400, limit",
    "/v1/search?q=a&limit=0, 400, limit",
    "/v1/search?q=a&type=, 400, type",
  })
  void badParametersAreRefusedNamingTheParameter(String path, int status, String field) {
    HttpResponse<byte[]> r =
        s.get(
            path.replace("{commit}", enc(COMMIT))
                .replace("{pod}", enc(POD))
                .replace("{unknown}", enc("https://nowhere.example/x")));
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }

  @Test
  void searchFindsNodesByTheStartOfTheirId() {
    JsonNode r = ok("/v1/search?q=" + enc("https://k8s.acme.dev/"));
    assertThat(texts(r.get("nodes"), "id")).containsExactly(IncidentScenario.K8S, DEPLOY, POD);
  }

  @Test
  void searchFindsNodesByPartOfTheirNameWithoutCase() {
    JsonNode r = ok("/v1/search?q=SHO");
    assertThat(texts(r.get("nodes"), "id")).containsExactly(IMAGE);
  }

  @Test
  void searchNarrowsByType() {
    JsonNode r = ok("/v1/search?q=" + enc("https://") + "&type=deployment");
    assertThat(texts(r.get("nodes"), "id")).containsExactly(DEPLOY);
  }

  @Test
  void searchStopsAtTheLimit() {
    JsonNode r = ok("/v1/search?q=" + enc("https://") + "&limit=2");
    assertThat(r.get("nodes")).hasSize(2);
  }

  @Test
  void searchIsNotAPattern() {
    assertThat(ok("/v1/search?q=" + enc("%")).get("nodes")).isEmpty();
    assertThat(ok("/v1/search?q=" + enc("_")).get("nodes")).isEmpty();
  }
}
