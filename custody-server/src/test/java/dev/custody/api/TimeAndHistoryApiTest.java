package dev.custody.api;

import static dev.custody.api.IncidentScenario.enc;
import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Time windows ({@code since}/{@code until}), type and name as of a log size, and relation
 * attributes, over real HTTP: a table written by three runs of three commits on three days.
 */
class TimeAndHistoryApiTest {
  static final String TABLE = "dataset:postgres://db.acme.dev:5432:shop.orders";
  static final String PRODUCER = "https://airflow.acme.dev";

  static String commit(int i) {
    return "git+https://github.com/acme/etl@" + ("c" + i).repeat(20);
  }

  static String run(int i) {
    return "https://airflow.acme.dev/runs/" + i;
  }

  /**
   * Run {@code i} of commit {@code i}, writing the table on {@code day} of November 2026. Runs 1
   * and 2 state their start and end (the activity's span dates the relations); run 3 states none
   * (the record's time does). Run 2 renames the table; the usage of run 1 carries attributes.
   */
  static String record(int i, int day, boolean spans) {
    String at = "2026-11-%02dT10:00:00Z".formatted(day);
    String end = "2026-11-%02dT10:30:00Z".formatted(day);
    return """
    {"_type": "https://custody.dev/record/v1", "producer": "%s", "time": "%s",
     "nodes": [
       {"id": "%s", "kind": "entity", "type": "git-commit"},
       {"id": "%s", "kind": "activity", "type": "etl-run"%s},
       {"id": "%s", "kind": "entity", "type": "%s", "name": "%s"}],
     "relations": [
       {"relation": "used", "subject": "%s", "object": "%s"%s},
       {"relation": "wasGeneratedBy", "subject": "%s", "object": "%s"}]}
    """
        .formatted(
            PRODUCER,
            end,
            commit(i),
            run(i),
            spans ? ", \"startedAt\": \"" + at + "\", \"endedAt\": \"" + end + "\"" : "",
            TABLE,
            i == 1 ? "table" : "dataset",
            i == 1 ? "orders" : "orders-v" + i,
            run(i),
            commit(i),
            i == 1 ? ", \"attributes\": {\"role\": \"code\", \"checkout\": {\"depth\": 1}}" : "",
            TABLE,
            run(i));
  }

  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
    post(record(1, 1, true));
    post(record(2, 10, true));
    post(record(3, 20, false));
  }

  @AfterEach
  void stop() {
    s.close();
  }

  private void post(String record) {
    HttpResponse<byte[]> r = s.postJson("/v1/records?wait=checkpoint", record);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
  }

  private JsonNode ok(String path) {
    HttpResponse<byte[]> r = s.get(path);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(200);
    return json(r);
  }

  private static Set<String> ids(JsonNode answer) {
    Set<String> out = new TreeSet<>();
    answer.get("nodes").forEach(n -> out.add(n.get("id").asText()));
    return out;
  }

  private Set<String> commitsBetween(String since, String until) {
    return ids(
        ok(
            "/v1/lineage?id="
                + enc(TABLE)
                + "&direction=upstream&types=git-commit"
                + (since == null ? "" : "&since=" + since)
                + (until == null ? "" : "&until=" + until)));
  }

  @Test
  void whichCommitsTouchedTheTableBetweenTwoInstantsIsOneCall() {
    assertThat(commitsBetween("2026-11-05T00:00:00Z", "2026-11-25T00:00:00Z"))
        .containsExactlyInAnyOrder(TABLE, commit(2), commit(3));
  }

  @Test
  void aWindowAroundOneRunAnswersOnlyItsCommit() {
    assertThat(commitsBetween("2026-11-10T10:15:00Z", "2026-11-10T10:16:00Z"))
        .as("the run's span [10:00, 10:30] meets the window")
        .containsExactlyInAnyOrder(TABLE, commit(2));
  }

  @Test
  void withoutTimesTheRecordsClaimedTimeDatesTheRelation() {
    assertThat(commitsBetween("2026-11-20T10:30:00Z", "2026-11-20T10:30:01Z"))
        .containsExactlyInAnyOrder(TABLE, commit(3));
    assertThat(commitsBetween("2026-11-20T10:00:00Z", "2026-11-20T10:29:00Z"))
        .as("run 3 states no span: only its record's time counts")
        .containsExactly(TABLE);
  }

  @Test
  void sinceIsInclusiveAndUntilExclusive() {
    assertThat(commitsBetween("2026-11-01T10:30:00Z", null)).contains(commit(1));
    assertThat(commitsBetween(null, "2026-11-01T10:00:00Z")).doesNotContain(commit(1));
    assertThat(commitsBetween(null, "2026-11-01T10:00:00.001Z")).contains(commit(1));
  }

  @Test
  void anOffsetOtherThanZuluIsTheSameInstant() {
    assertThat(commitsBetween("2026-11-10T11:15:00%2B01:00", "2026-11-10T11:16:00%2B01:00"))
        .containsExactlyInAnyOrder(TABLE, commit(2));
  }

  @ParameterizedTest
  @CsvSource({
    "since=yesterday, since",
    "until=2026-11-05, until",
    "until=2026-11-05T00:00:00, until",
    "since=2026-11-06T00:00:00Z&until=2026-11-05T00:00:00Z, since"
  })
  void aBadWindowIsA400NamingTheParameter(String query, String field) {
    HttpResponse<byte[]> r = s.get("/v1/lineage?id=" + enc(TABLE) + "&" + query);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("field").asText()).isEqualTo(field);
  }

  @Test
  void anAnswerAsOfAnEarlierSizeShowsTheTypeAndNameAsTheyStoodThen() {
    JsonNode then = ok("/v1/lineage?id=" + enc(TABLE) + "&asOf=1");
    JsonNode now = ok("/v1/lineage?id=" + enc(TABLE));

    assertThat(then.at("/nodes/0/type").asText()).isEqualTo("table");
    assertThat(then.at("/nodes/0/name").asText()).isEqualTo("orders");
    assertThat(now.at("/nodes/0/type").asText()).isEqualTo("dataset");
    assertThat(now.at("/nodes/0/name").asText()).isEqualTo("orders-v3");
  }

  @Test
  void theNodeShowsItsTypeAndNameHistory() {
    JsonNode node = ok("/v1/nodes/" + enc(TABLE));
    List<String> history = new ArrayList<>();
    node.get("names")
        .forEach(n ->
            history.add(
                n.get("logIndex").asLong()
                    + " "
                    + n.get("type").asText()
                    + " "
                    + n.get("name").asText()));

    assertThat(history)
        .containsExactly("0 table orders", "1 dataset orders-v2", "2 dataset orders-v3");
    assertThat(node.get("name").asText()).isEqualTo("orders-v3");
  }

  @Test
  void relationAttributesAreAnsweredOnTheEdge() {
    JsonNode answer = ok("/v1/lineage?id=" + enc(run(1)) + "&direction=upstream&depth=1");
    JsonNode used = null;
    for (JsonNode e : answer.get("edges")) {
      if (e.get("relation").asText().equals("used")) {
        used = e;
      }
    }

    assertThat(used).isNotNull();
    assertThat(used.get("attributes").toString())
        .isEqualTo("{\"checkout\":{\"depth\":1},\"role\":\"code\"}");
  }

  @Test
  void relationAttributesAreExportedAsPROVAttributes() {
    HttpResponse<byte[]> r = s.get("/v1/prov?id=" + enc(run(1)) + "&depth=1");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode used = json(r).get("used");

    assertThat(used).hasSize(1);
    JsonNode usage = used.elements().next();
    assertThat(json(r).at("/prefix/custody").asText())
        .isEqualTo("https://custody.dev/ns/attribute#");
    assertThat(usage.get("custody:role").asText()).isEqualTo("code");
    assertThat(usage.get("custody:checkout").asText())
        .as("an object that is no PROV value is exported as its JSON text")
        .isEqualTo("{\"depth\":1}");
  }
}
