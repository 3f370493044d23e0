package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} over real HTTP: Prometheus text whose values follow what the log did. */
class MetricsApiTest {
  // A sample line of the Prometheus text format: name, optional {labels}, value.
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|[+-]Inf)");
  private static final Pattern COMMENT =
      Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

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

  /** Every sample of a scrape, keyed by name and labels as written; fails on any other line. */
  private Map<String, Double> scrape() {
    HttpResponse<byte[]> r = s.get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> t.startsWith("text/plain"));
    Map<String, Double> samples = new HashMap<>();
    for (String line : TestServer.text(r).split("\n")) {
      if (line.isEmpty() || COMMENT.matcher(line).matches()) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
      samples.put(
          m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
    }
    return samples;
  }

  @Test
  void countersAndGaugesFollowAppendsRefusalsAndQueries() {
    Map<String, Double> before = scrape();
    assertThat(before).containsEntry("custody_records_accepted_total", 0.0);
    assertThat(before).containsEntry("custody_log_size_records", 0.0);

    s.postJson("/v1/records?wait=checkpoint", "[{\"n\":1},{\"n\":2}]");
    s.postJson("/v1/records", "{\"n\":1}");
    IncidentScenario.post(s);
    assertThat(s.postJson("/v1/records", "[1]").statusCode()).isEqualTo(400);
    assertThat(s.get("/v1/lineage?id=" + IncidentScenario.enc(IncidentScenario.POD)).statusCode())
        .isEqualTo(200);
    String pod = IncidentScenario.enc(IncidentScenario.POD);
    assertThat(s.get("/v1/diff?from=" + pod + "&to=" + pod).statusCode()).isEqualTo(200);
    String digest = IncidentScenario.enc(IncidentScenario.DIGEST);
    assertThat(s.get("/v1/artifacts/" + digest + "/provenance").statusCode()).isEqualTo(200);
    assertThat(s.get("/v1/impact?purl=pkg%3Amaven%2Fg%2Fa").statusCode()).isEqualTo(200);
    Map<String, Double> after = scrape();

    assertThat(after).containsEntry("custody_records_accepted_total", 5.0);
    assertThat(after).containsEntry("custody_log_size_records", 5.0);
    assertThat(after).containsEntry("custody_requests_refused_total{type=\"invalid-input\"}", 1.0);
    assertThat(after).containsEntry("custody_append_seconds_count", 5.0);
    assertThat(after).containsEntry("custody_commit_batch_records_sum", 6.0);
    assertThat(after).containsEntry("custody_query_seconds_count{query=\"lineage\"}", 1.0);
    assertThat(after).containsEntry("custody_query_seconds_count{query=\"diff\"}", 1.0);
    assertThat(after).containsEntry("custody_query_seconds_count{query=\"provenance\"}", 1.0);
    assertThat(after).containsEntry("custody_query_seconds_count{query=\"impact\"}", 1.0);
    assertThat(after).containsEntry("custody_clock_flags_total{reason=\"causality\"}", 0.0);
    assertThat(after.get("custody_graph_nodes")).isGreaterThanOrEqualTo(7.0);
    assertThat(after.get("custody_graph_edges")).isGreaterThanOrEqualTo(5.0);
    assertThat(after.get("custody_checkpoint_age_seconds")).isBetween(0.0, 60.0);
    assertThat(after.keySet()).anyMatch(k -> k.startsWith("custody_append_seconds_bucket{le="));
  }

  @Test
  void anUnknownRouteCountsAsANotFoundRefusal() {
    s.get("/nowhere");
    assertThat(scrape()).containsEntry("custody_requests_refused_total{type=\"not-found\"}", 1.0);
  }
}
