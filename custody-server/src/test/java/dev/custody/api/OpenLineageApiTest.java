package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code POST /api/v1/lineage} over real HTTP on SQLite, with the real OpenLineage test events. */
class OpenLineageApiTest {
  private static final String ROOT = "openlineage";

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

  static final String EVENT =
      """
      {"eventType": "START", "eventTime": "2026-11-25T10:00:00Z",
       "run": {"runId": "3f5e83fa-3480-44ff-99c5-ff943904e5e8"},
       "job": {"namespace": "etl", "name": "load_orders"},
       "inputs": [{"namespace": "postgres://db:5432", "name": "public.raw_orders"}],
       "outputs": [{"namespace": "postgres://db:5432", "name": "public.orders"}],
       "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java",
       "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
      """;

  /** Every upstream event file the manifest calls valid (the must-fail ones are named). */
  static Stream<Path> validEvents() throws IOException {
    try (Stream<Path> files = Files.walk(TestData.resolve(ROOT))) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .filter(p -> !p.toString().contains("spec-facet-tests"))
          .filter(p -> !p.getFileName().toString().equals("config.json"))
          .filter(p -> !p.getFileName().toString().startsWith("fluentd-event_invalid"))
          .filter(p -> !p.getFileName().toString().equals("fluentd-event_no_run_id.json"))
          .filter(p -> !p.getFileName().toString().equals("simple_run_event.json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void theFixtureSetIsTheOneTheManifestDescribes() throws IOException {
    assertThat(validEvents().count()).isEqualTo(39);
  }

  @ParameterizedTest
  @MethodSource("validEvents")
  void everyValidUpstreamEventIsAccepted(Path file) throws IOException {
    HttpResponse<byte[]> r =
        s.post("/api/v1/lineage", "application/json", Files.readAllBytes(file));

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    assertThat(json(r).path("records").size()).isPositive();
  }

  @ParameterizedTest
  @CsvSource({
    "fluentd-event_no_run_id.json, /run/runId",
    "fluentd-event_invalid_run_facet.json, /run/facets/parent",
    "fluentd-event_invalid_job_facet.json, /job/facets/ownership",
    // The manifest calls this compatibility-test event valid, but its runId is "run_id": the spec
    // says a run id is a UUID, and issue 6 says a non-UUID run id is refused.
    "../compatibility-tests/simple_run_event/events/simple_run_event.json, /run/runId",
  })
  void everyInvalidUpstreamEventIsRefusedNamingTheMember(String file, String pointer)
      throws IOException {
    byte[] body = Files.readAllBytes(TestData.resolve(ROOT + "/openlineage-repo/" + file));

    HttpResponse<byte[]> r = s.post("/api/v1/lineage", "application/json", body);

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(json(r).path("field").asText()).startsWith(pointer);
    assertThat(logSize()).isZero();
  }

  @Test
  void aRetriedEventIsLoggedOnce() {
    HttpResponse<byte[]> first = s.postJson("/api/v1/lineage", EVENT);
    HttpResponse<byte[]> again = s.postJson("/api/v1/lineage", EVENT.replace("\n", " "));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(201);
    assertThat(json(again).path("records").get(0).path("created").asBoolean()).isFalse();
    assertThat(json(again).path("records").get(0).path("id").asText())
        .isEqualTo(json(first).path("records").get(0).path("id").asText());
    assertThat(logSize()).isEqualTo(1);
  }

  @Test
  void aGzipBodyIsAccepted() {
    HttpResponse<byte[]> r =
        s.send(
            HttpRequest.newBuilder(URI.create(s.base + "/api/v1/lineage"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        gzip(EVENT.getBytes(StandardCharsets.UTF_8))))
                .build());

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    assertThat(logSize()).isEqualTo(1);
  }

  @Test
  void aBodyThatIsNotGzipIsRefused() {
    HttpResponse<byte[]> r =
        s.send(
            HttpRequest.newBuilder(URI.create(s.base + "/api/v1/lineage"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(EVENT))
                .build());

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("field").asText()).isEqualTo("Content-Encoding");
    assertThat(logSize()).isZero();
  }

  @Test
  void aGzipBodyThatInflatesBeyondTheLimitIsRefused() {
    byte[] big = new byte[17 << 20];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<byte[]> r =
        s.send(
            HttpRequest.newBuilder(URI.create(s.base + "/api/v1/lineage"))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(big)))
                .build());

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(logSize()).isZero();
  }

  @Test
  void anOversizeBodyIsRefused() {
    byte[] big = new byte[(16 << 20) + 10];
    java.util.Arrays.fill(big, (byte) ' ');

    HttpResponse<byte[]> r = s.post("/api/v1/lineage", "application/json", big);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(logSize()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"runId\": \"3f5e83fa-3480-44ff-99c5-ff943904e5e8\"|\"runId\": \"run-42\"|/run/runId",
        "\"eventType\": \"START\"|\"eventType\": \"STARTED\"|/eventType",
        "#/$defs/RunEvent|#/$defs/RunFacet|/schemaURL",
        "\"eventTime\": \"2026-11-25T10:00:00Z\"|\"eventTime\": \"yesterday\"|/eventTime",
        "\"namespace\": \"etl\", |\"namespace\": 7, |/job/namespace",
        "\"producer\": \"https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java\",|\"producer\": 7,|/producer",
      })
  void aBadEventIsRefusedNamingTheMember(String from, String to, String pointer) {
    assertThat(EVENT).contains(from);

    HttpResponse<byte[]> r = s.postJson("/api/v1/lineage", EVENT.replace(from, to));

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(400);
    assertThat(json(r).path("field").asText()).isEqualTo(pointer);
    assertThat(logSize()).isZero();
  }

  @Test
  void aBatchIsAtomic() {
    String bad = EVENT.replace("3f5e83fa-3480-44ff-99c5-ff943904e5e8", "not-a-uuid");

    HttpResponse<byte[]> r = s.postJson("/api/v1/lineage", "[" + EVENT + "," + bad + "]");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("field").asText()).isEqualTo("/1/run/runId");
    assertThat(logSize()).isZero();
  }

  @Test
  void anEventRepeatedInOneBatchIsLoggedOnce() {
    HttpResponse<byte[]> r = s.postJson("/api/v1/lineage", "[" + EVENT + "," + EVENT + "]");

    assertThat(r.statusCode()).as(TestServer.text(r)).isEqualTo(201);
    assertThat(logSize()).isEqualTo(1);
  }

  @Test
  void aBatchLogsEachEvent() throws IOException {
    byte[] seed = Files.readAllBytes(TestData.resolve(ROOT + "/marquez/docker-metadata.json"));

    HttpResponse<byte[]> r = s.post("/api/v1/lineage", "application/json", seed);

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(logSize()).isEqualTo(26);
  }

  @Test
  void aRunEventIsProjectedIntoTheGraph() {
    s.postJson("/api/v1/lineage?wait=checkpoint", EVENT);

    JsonNode run = json(s.get("/v1/nodes/" + enc("run:3f5e83fa-3480-44ff-99c5-ff943904e5e8")));
    JsonNode lineage =
        json(
            s.get(
                "/v1/lineage?direction=upstream&id="
                    + enc("dataset:postgres://db:5432:public.orders")));

    assertThat(run.path("kind").asText()).isEqualTo("activity");
    assertThat(lineage.toString())
        .contains("run:3f5e83fa-3480-44ff-99c5-ff943904e5e8")
        .contains("dataset:postgres://db:5432:public.raw_orders")
        .contains("job:etl:load_orders");
  }

  @Test
  void anEventWithAnotherMediaTypeIsRefused() {
    HttpResponse<byte[]> r =
        s.post("/api/v1/lineage", "text/plain", EVENT.getBytes(StandardCharsets.UTF_8));

    assertThat(r.statusCode()).isEqualTo(415);
  }

  private long logSize() {
    return s.log.store().size();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
