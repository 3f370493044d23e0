package dev.custody.api;

import static dev.custody.api.IncidentScenario.BUILD;
import static dev.custody.api.IncidentScenario.BUILD_RECORD;
import static dev.custody.api.IncidentScenario.CI;
import static dev.custody.api.IncidentScenario.COMMIT;
import static dev.custody.api.IncidentScenario.DEPLOY;
import static dev.custody.api.IncidentScenario.DIGEST;
import static dev.custody.api.IncidentScenario.IMAGE;
import static dev.custody.api.IncidentScenario.POD;
import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.model.NodeId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provenance graph over real HTTP on SQLite: the incident of {@link IncidentScenario}. */
class GraphApiTest {
  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
    IncidentScenario.post(s);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private JsonNode lineage(String id, String more) {
    HttpResponse<byte[]> r = s.get("/v1/lineage?id=" + enc(id) + more);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static Set<String> nodeIds(JsonNode lineage) {
    Set<String> ids = new TreeSet<>();
    lineage.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
    return ids;
  }

  private static Set<String> edges(JsonNode lineage) {
    Set<String> out = new TreeSet<>();
    lineage
        .get("edges")
        .forEach(e ->
            out.add(
                e.get("subject").asText()
                    + " "
                    + e.get("relation").asText()
                    + " "
                    + e.get("object").asText()
                    + " @"
                    + e.get("logIndex").asLong()));
    return out;
  }

  @Test
  void upstreamOfThePodReachesTheCommitThroughTheImageAlias() {
    JsonNode l = lineage(POD, "&direction=upstream");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(POD, DEPLOY, DIGEST, IMAGE, BUILD, COMMIT, CI);
    assertThat(l.get("truncated").asBoolean()).isFalse();
    assertThat(edges(l))
        .contains(
            POD + " wasGeneratedBy " + DEPLOY + " @2",
            DEPLOY + " used " + DIGEST + " @1",
            IMAGE + " alternateOf " + DIGEST + " @0",
            IMAGE + " wasGeneratedBy " + BUILD + " @0",
            BUILD + " used " + COMMIT + " @0");
  }

  @Test
  void downstreamOfTheCommitReachesThePod() {
    JsonNode l = lineage(COMMIT, "&direction=downstream");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(COMMIT, BUILD, IMAGE, DIGEST, DEPLOY, POD);
    assertThat(l.get("nodes").get(0).get("id").asText()).isEqualTo(COMMIT);
  }

  @Test
  void lineageByTheBareDigestEqualsLineageByRepositoryAndDigest() {
    JsonNode byDigest = lineage(DIGEST, "&direction=both");
    JsonNode byImage = lineage(IMAGE, "&direction=both");
    assertThat(nodeIds(byDigest)).isEqualTo(nodeIds(byImage)).contains(POD, COMMIT);
    assertThat(edges(byDigest)).isEqualTo(edges(byImage));
  }

  @Test
  void asOfBeforeTheDeploymentRecordExcludesThePodAndNamesItsCheckpoint() {
    JsonNode l = lineage(COMMIT, "&direction=downstream&asOf=1");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(COMMIT, BUILD, IMAGE, DIGEST);
    assertThat(l.get("checkpoint").get("size").asLong()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(l.get("checkpoint").get("rootHash").asText()))
        .isEqualTo(s.log.rootHash(1));
  }

  @Test
  void withoutAsOfTheAnswerIsAsOfTheLatestCheckpoint() {
    JsonNode l = lineage(COMMIT, "&direction=downstream");
    assertThat(l.get("checkpoint").get("size").asLong())
        .isEqualTo(s.log.latestCheckpoint().size())
        .isEqualTo(3);
  }

  @Test
  void aNodeFirstStatedAfterAsOfIsNotFound() {
    HttpResponse<byte[]> r = s.get("/v1/lineage?id=" + enc(POD) + "&asOf=2");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("field").asText()).isEqualTo("id");
  }

  @Test
  void depthOneIsTruncated() {
    JsonNode l = lineage(POD, "&depth=1");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(POD, DEPLOY);
    assertThat(l.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void aNodeLimitTruncates() {
    JsonNode l = lineage(POD, "&limit=3");
    assertThat(l.get("nodes")).hasSize(3);
    assertThat(l.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void aRelationFilterFollowsOnlyThoseRelations() {
    JsonNode l = lineage(POD, "&relations=wasGeneratedBy");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(POD, DEPLOY);
    JsonNode used = lineage(COMMIT, "&direction=downstream&relations=used");
    assertThat(nodeIds(used)).containsExactlyInAnyOrder(COMMIT, BUILD);
  }

  @Test
  void aTypeFilterAnswersOnlyThoseTypesButWalksThroughOthers() {
    JsonNode l = lineage(POD, "&types=git-commit");
    assertThat(nodeIds(l)).containsExactlyInAnyOrder(POD, COMMIT);
  }

  @Test
  void everyEdgesLogIndexPointsAtARecordThatAssertsIt() {
    JsonNode l = lineage(IMAGE, "&direction=both");
    assertThat(l.get("edges")).isNotEmpty();
    for (JsonNode e : l.get("edges")) {
      JsonNode record =
          json(s.get("/v1/records?index=" + e.get("logIndex").asLong())).get("record");
      assertThat(asserts(record, e)).as("record %s asserts %s", record, e).isTrue();
    }
  }

  /** True if the native record states the edge, or states the image whose digest alias it is. */
  private static boolean asserts(JsonNode record, JsonNode edge) {
    String subject = edge.get("subject").asText();
    String relation = edge.get("relation").asText();
    String object = edge.get("object").asText();
    for (JsonNode r : record.get("relations")) {
      if (r.get("relation").asText().equals(relation)
          && norm(r.get("subject").asText()).equals(subject)
          && norm(r.get("object").asText()).equals(object)) {
        return true;
      }
    }
    if (!relation.equals("alternateOf")) {
      return false;
    }
    for (JsonNode n : record.get("nodes")) {
      NodeId id = NodeId.parse(n.get("id").asText(), "id");
      if (id.toString().equals(subject)
          && id.digestAlias().map(d -> d.toString().equals(object)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  private static String norm(String id) {
    return NodeId.parse(id, "id").toString();
  }

  @Test
  void aNodeAnswersItsKindAliasesAttributesAndMentions() {
    HttpResponse<byte[]> r = s.get("/v1/nodes/" + enc(IMAGE));
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    JsonNode n = json(r);
    assertThat(n.get("kind").asText()).isEqualTo("entity");
    assertThat(n.get("type").asText()).isEqualTo("container-image");
    assertThat(n.get("name").asText()).isEqualTo("shop");
    assertThat(n.get("aliases").get(0).asText()).isEqualTo(DIGEST);
    assertThat(n.get("mentions").get(0).get("logIndex").asLong()).isZero();
    assertThat(n.get("mentions").get(0).get("producer").asText()).isEqualTo(CI);

    JsonNode digest = json(s.get("/v1/nodes/" + enc(DIGEST)));
    assertThat(digest.get("aliases").get(0).asText()).isEqualTo(IMAGE);
    assertThat(digest.get("mentions").findValuesAsText("logIndex")).containsExactly("0", "1");
  }

  @Test
  void attributesAreKeptWithTheLogIndexThatStatedThem() {
    String later = BUILD_RECORD.replace("\"main\"", "\"release\"");
    assertThat(s.postJson("/v1/records", later).statusCode()).isEqualTo(201);
    JsonNode attrs = json(s.get("/v1/nodes/" + enc(COMMIT))).get("attributes");
    List<String> seen = new ArrayList<>();
    attrs.forEach(a -> seen.add(a.get("value").asText() + "@" + a.get("logIndex").asLong()));
    assertThat(seen).containsExactly("main@0", "release@3");
  }

  @Test
  void anIdempotentRepeatAddsNothingToTheGraph() {
    HttpResponse<byte[]> again = s.postJson("/v1/records", BUILD_RECORD);
    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode commit = json(s.get("/v1/nodes/" + enc(COMMIT)));
    assertThat(commit.get("mentions")).hasSize(1);
    assertThat(commit.get("attributes")).hasSize(1);
  }

  @Test
  void unknownAndMalformedNodeIdsAre404And400() {
    HttpResponse<byte[]> unknown = s.get("/v1/nodes/" + enc("https://nowhere.example/x"));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("field").asText()).isEqualTo("id");
    HttpResponse<byte[]> bad = s.get("/v1/nodes/" + enc("md5:abc"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("field").asText()).isEqualTo("id");
  }

  @Test
  void aBadNativeRecordIsRefusedNamingItsMemberAndNothingIsWritten() {
    String bad = IncidentScenario.POD_RECORD.replace("\"object\": \"" + DEPLOY, "\"object\": \"x");
    HttpResponse<byte[]> r = s.postJson("/v1/records", "[{\"opaque\": 1}, " + bad + "]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo("/1/relations/0/object");
    assertThat(s.log.store().size()).isEqualTo(3);
  }

  @Test
  void aKindConflictIsRefusedAloneWhileAGoodRequestOfTheSameBurstCommits() throws Exception {
    String conflicting =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2026-11-25T13:00:00Z",
         "nodes": [{"id": "https://ci.acme.dev/runs/1002", "kind": "activity"},
                   {"id": "%s", "kind": "activity", "type": "oops"}],
         "relations": [{"relation": "wasInformedBy", "subject": "https://ci.acme.dev/runs/1002",
                        "object": "%s"}]}
        """
            .formatted(CI, COMMIT, COMMIT);
    String good =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "2026-11-25T13:00:00Z",
         "nodes": [{"id": "https://ci.acme.dev/runs/1003", "kind": "activity", "type": "test"},
                   {"id": "%s", "kind": "entity"}],
         "relations": [{"relation": "used", "subject": "https://ci.acme.dev/runs/1003",
                        "object": "%s"}]}
        """
            .formatted(CI, COMMIT, COMMIT);
    List<CompletableFuture<HttpResponse<byte[]>>> burst = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String body = i % 2 == 0 ? "[{\"side\": " + i + "}, " + conflicting + "]" : good;
      burst.add(CompletableFuture.supplyAsync(() -> s.postJson("/v1/records", body)));
    }
    Set<Integer> statuses = new HashSet<>();
    for (int i = 0; i < burst.size(); i++) {
      HttpResponse<byte[]> r = burst.get(i).get();
      statuses.add(r.statusCode());
      if (i % 2 == 0) {
        assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("/1/nodes/1/kind");
      }
    }
    assertThat(statuses).containsExactlyInAnyOrder(400, 200, 201);
    assertThat(s.log.store().size()).isEqualTo(4); // the good record once; nothing of the others
    assertThat(s.get("/v1/nodes/" + enc("https://ci.acme.dev/runs/1002")).statusCode())
        .isEqualTo(404);
    assertThat(json(s.get("/v1/nodes/" + enc(COMMIT))).get("kind").asText()).isEqualTo("entity");
  }

  @ParameterizedTest(name = "{0} -> {1} naming {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "                                           | 400 | id",
        "?id=nope                                   | 400 | id",
        "?id=POD&direction=sideways                 | 400 | direction",
        "?id=POD&depth=0                            | 400 | depth",
        "?id=POD&depth=51                           | 400 | depth",
        "?id=POD&depth=x                            | 400 | depth",
        "?id=POD&depth=99999999999999999999         | 400 | depth",
        "?id=POD&limit=0                            | 400 | limit",
        "?id=POD&limit=10001                        | 400 | limit",
        "?id=POD&asOf=-1                            | 400 | asOf",
        "?id=POD&asOf=4                             | 400 | asOf",
        "?id=POD&relations=causedBy                 | 400 | relations",
        "?id=POD&relations=used,,wasGeneratedBy     | 400 | relations",
        "?id=POD&types=                             | 400 | types",
        "?id=https%3A%2F%2Fnowhere.example%2Fx      | 404 | id",
      })
  void badLineageParametersAreProblemsNamingTheParameter(String query, int status, String field) {
    String q = query == null ? "" : query.replace("POD", enc(POD));
    HttpResponse<byte[]> r = s.get("/v1/lineage" + q);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }
}
