package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A native record's claimed time against its receive time, with the default policy (skew beyond 5
 * minutes in the future, backfill beyond 24 hours in the past): flagged, stored, counted, shown.
 */
class ClocksApiTest {
  private static final String NODE = "https://ci.acme.dev/runs/";

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

  /** Posts a native record claiming {@code claimed}; answers its record id. */
  private String post(String run, Instant claimed) {
    String body =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
         "time": "%s", "nodes": [{"id": "%s%s", "kind": "activity"}]}
        """
            .formatted(claimed.truncatedTo(ChronoUnit.SECONDS), NODE, run);
    var r = s.postJson("/v1/records", body);
    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    return json(r).get("records").get(0).get("id").asText();
  }

  private JsonNode clocks(String id) {
    return json(s.get("/v1/records/" + id)).get("clocks");
  }

  @Test
  void aClaimedTimeWithinTheSkewIsNotFlagged() {
    JsonNode c = clocks(post("1", Instant.now().plus(Duration.ofMinutes(1))));

    assertThat(c.get("skew").asBoolean()).isFalse();
    assertThat(c.get("backfill").asBoolean()).isFalse();
    assertThat(Instant.parse(c.get("receivedAt").asText())).isCloseTo(Instant.now(), within());
  }

  @Test
  void aClaimedTimeTooFarInTheFutureIsFlaggedAsSkewAndCounted() {
    Instant claimed = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    JsonNode c = clocks(post("2", claimed));

    assertThat(c.get("skew").asBoolean()).isTrue();
    assertThat(c.get("backfill").asBoolean()).isFalse();
    assertThat(Instant.parse(c.get("claimedAt").asText())).isEqualTo(claimed);
    assertThat(TestServer.text(s.get("/metrics"))).contains("custody_clock_skew_total 1.0");
  }

  @Test
  void aClaimedTimeFarInThePastIsMarkedAsBackfill() {
    JsonNode c = clocks(post("3", Instant.parse("2020-01-01T00:00:00Z")));

    assertThat(c.get("backfill").asBoolean()).isTrue();
    assertThat(c.get("skew").asBoolean()).isFalse();
    assertThat(TestServer.text(s.get("/metrics"))).contains("custody_clock_skew_total 0.0");
  }

  @Test
  void nodeMentionsCarryTheFlagsOfEachRecord() {
    post("4", Instant.parse("2020-01-01T00:00:00Z"));
    String body =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "https://ci.acme.dev",
         "time": "%s", "nodes": [{"id": "%s4", "kind": "activity", "type": "build"}]}
        """
            .formatted(
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS), NODE);
    s.postJson("/v1/records", body);

    JsonNode mentions =
        json(s.get("/v1/nodes/" + IncidentScenario.enc(NODE + "4"))).get("mentions");

    assertThat(mentions.findValuesAsText("backfill")).containsExactly("true", "false");
    assertThat(mentions.findValuesAsText("skew")).containsExactly("false", "true");
  }

  @Test
  void aPodGeneratedBeforeItsDeploymentStartedIsFlaggedForCausalityShownAndCounted() {
    String deploy = "https://k8s.acme.dev/deployments/checkout/revisions/9";
    String pod = "https://k8s.acme.dev/pods/checkout-9a";
    String started =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "https://k8s.acme.dev/controller",
         "time": "2026-11-25T11:00:00Z",
         "nodes": [{"id": "%s", "kind": "activity", "startedAt": "2026-11-25T11:00:00Z"}]}
        """
            .formatted(deploy);
    String generated =
        """
        {"_type": "https://custody.dev/record/v1", "producer": "https://k8s.acme.dev/controller",
         "time": "2026-11-25T11:01:00Z",
         "nodes": [{"id": "%s", "kind": "entity", "type": "pod"}, {"id": "%s", "kind": "activity"}],
         "relations": [{"relation": "wasGeneratedBy", "subject": "%s", "object": "%s",
                        "time": "2026-11-25T10:40:00Z"}]}
        """
            .formatted(pod, deploy, pod, deploy);
    String first =
        json(s.postJson("/v1/records", started)).get("records").get(0).get("id").asText();
    String second =
        json(s.postJson("/v1/records", generated)).get("records").get(0).get("id").asText();

    assertThat(clocks(first).get("causality").asBoolean()).isFalse();
    assertThat(clocks(second).get("causality").asBoolean()).isTrue();
    JsonNode mentions = json(s.get("/v1/nodes/" + IncidentScenario.enc(deploy))).get("mentions");
    assertThat(mentions.findValuesAsText("causality")).containsExactly("false", "true");
    assertThat(TestServer.text(s.get("/metrics")))
        .contains("custody_clock_flags_total{reason=\"causality\"} 1.0");
  }

  @Test
  void aRecordThatStatesNoProvenanceHasNoClocks() {
    String id =
        json(s.postJson("/v1/records", "{\"n\":1}")).get("records").get(0).get("id").asText();

    assertThat(clocks(id).isNull()).isTrue();
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES);
  }
}
