package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.ingest.RecordLimits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size caps answer 413 (or 400 for depth) with a problem naming the limit; nothing is written. */
class LimitsApiTest {
  @TempDir Path dir;
  TestServer s;

  @BeforeEach
  void start() {
    s = new TestServer(dir, new RecordLimits(4096, 256, 5, 3), Duration.ofMillis(100));
  }

  @AfterEach
  void stop() {
    s.close();
  }

  @Test
  void aBodyOverTheRequestLimitIs413() {
    String big = "{\"a\":\"" + "x".repeat(5000) + "\"}";
    HttpResponse<byte[]> r = s.postJson("/v1/records", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("detail").asText()).contains("4096");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void aRecordOverTheRecordLimitIs413NamingTheRecord() {
    String body = "[{\"a\":1},{\"a\":\"" + "x".repeat(300) + "\"}]";
    HttpResponse<byte[]> r = s.postJson("/v1/records", body);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("pointer").asText()).isEqualTo("/1");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void tooManyRecordsIs413() {
    HttpResponse<byte[]> r = s.postJson("/v1/records", "[{},{\"a\":1},{\"a\":2},{\"a\":3}]");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r).get("detail").asText()).contains("more than 3");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void nestingTooDeepIs400() {
    HttpResponse<byte[]> r = s.postJson("/v1/records", "{\"a\":[[[[[[1]]]]]]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("detail").asText()).contains("deeper than 5");
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedToo() {
    HttpResponse<byte[]> r = postChunked("{\"a\":\"" + "x".repeat(5000) + "\"}");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("detail").asText()).contains("4096");
    assertThat(s.log.store().size()).isZero();
  }

  @Test
  void aChunkedBodyUnderTheLimitIsReadWhole() {
    // No Content-Length: the body is read into an array grown as bytes arrive.
    HttpResponse<byte[]> r = postChunked("[{\"a\":\"" + "y".repeat(200) + "\"},{\"b\":2}]");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(s.log.store().size()).isEqualTo(2);
  }

  private HttpResponse<byte[]> postChunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var req =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(s.base + "/v1/records"))
            .header("Content-Type", "application/json")
            .POST(
                java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)))
            .build();
    return s.send(req);
  }
}
