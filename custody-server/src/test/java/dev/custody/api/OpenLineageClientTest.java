package dev.custody.api;

import static dev.custody.api.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock {@code openlineage-java} client, with its HTTP transport (API key, gzip), posts to a
 * real Custody server on 127.0.0.1 without change.
 */
class OpenLineageClientTest {
  private static final URI PRODUCER =
      URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java");

  @TempDir Path dir;
  TestServer s;
  OpenLineageClient client;

  @BeforeEach
  void start() {
    s = new TestServer(dir);
    HttpConfig config = new HttpConfig();
    config.setUrl(URI.create(s.base));
    config.setCompression(HttpConfig.Compression.GZIP);
    ApiKeyTokenProvider key = new ApiKeyTokenProvider();
    key.setApiKey("test-api-key");
    config.setAuth(key);
    client = OpenLineageClient.builder().transport(new HttpTransport(config)).build();
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    s.close();
  }

  @Test
  void theRealClientPostsARunItsStateAndItsLineage() {
    OpenLineage ol = new OpenLineage(PRODUCER);
    UUID runId = UUID.fromString("0195a3c0-7a51-7d4e-9a52-2c1d7a3b9f10");
    OpenLineage.Run run = ol.newRunBuilder().runId(runId).build();
    OpenLineage.Job job = ol.newJobBuilder().namespace("etl").name("daily_orders").build();
    List<OpenLineage.InputDataset> in =
        List.of(ol.newInputDatasetBuilder().namespace("warehouse").name("raw.orders").build());
    List<OpenLineage.OutputDataset> out =
        List.of(ol.newOutputDatasetBuilder().namespace("warehouse").name("mart.orders").build());
    ZonedDateTime t = ZonedDateTime.parse("2026-11-25T10:00:00Z");

    client.emit(
        ol.newRunEventBuilder()
            .eventType(OpenLineage.RunEvent.EventType.START)
            .eventTime(t)
            .run(run)
            .job(job)
            .inputs(in)
            .outputs(out)
            .build());
    client.emit(
        ol.newRunEventBuilder()
            .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
            .eventTime(t.plusMinutes(5))
            .run(run)
            .job(job)
            .inputs(in)
            .outputs(out)
            .build());

    assertThat(s.log.store().size()).isEqualTo(2);
    s.log.awaitCheckpoint(2).join(); // the graph routes read up to the latest checkpoint
    String lineage =
        json(s.get(
                "/v1/lineage?direction=upstream&id="
                    + URLEncoder.encode("dataset:warehouse:mart.orders", StandardCharsets.UTF_8)))
            .toString();
    assertThat(lineage).contains("run:" + runId).contains("dataset:warehouse:raw.orders");
  }
}
