package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz} (liveness) and {@code /readyz} (readiness) over real HTTP. */
class HealthApiTest {
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

  @Test
  void aRunningServerIsLiveAndReady() {
    s.postJson("/v1/records?wait=checkpoint", "{\"n\":1}");

    HttpResponse<byte[]> ready = s.get("/readyz");

    assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(json(ready).get("status").asText()).isEqualTo("ready");
    assertThat(json(ready).get("checkpointSize").asLong()).isEqualTo(1);
  }

  @Test
  void afterTheLogIsClosedTheServerIsLiveButNotReady() {
    s.log.close();

    HttpResponse<byte[]> ready = s.get("/readyz");

    assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.headers().firstValue("Content-Type")).hasValue(Problems.CONTENT_TYPE);
    JsonNode problem = json(ready);
    assertThat(problem.get("type").asText()).isEqualTo("https://custody.dev/problems/not-ready");
    assertThat(problem.get("detail").asText()).contains("the sequencer is not running");
  }
}
