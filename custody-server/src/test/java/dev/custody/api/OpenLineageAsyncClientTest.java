package dev.custody.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.circuitBreaker.TaskQueueCircuitBreaker;
import io.openlineage.client.circuitBreaker.TaskQueueCircuitBreakerConfig;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one asynchronous, concurrent way the stock OpenLineage Java stack posts: the {@code
 * asyncTaskQueue} circuit breaker ({@link TaskQueueCircuitBreaker}, openlineage-java 1.55.0) runs
 * each task on a pool of threads and lets the caller go after {@code blockingTimeInSeconds}. {@code
 * OpenLineageClient.emit} itself never calls {@code CircuitBreaker.run} (it only reads the
 * breaker's state and then posts on the caller's thread); the Spark integration's {@code
 * OpenLineageSparkListener} wraps its emission in {@code run}, so this test does the same. Each
 * task is still the ordinary {@link HttpTransport} request (one event, {@code POST
 * /api/v1/lineage}), so Custody needs no other route; what this checks is that the pool's
 * concurrent posts all land.
 */
class OpenLineageAsyncClientTest {
  private static final URI PRODUCER =
      URI.create("https://github.com/OpenLineage/OpenLineage/tree/1.55.0/client/java");
  private static final int EVENTS = 200;

  @TempDir Path dir;

  @Test
  void everyEventQueuedByTheAsyncTaskQueueIsStoredOnceTheQueueDrains() throws Exception {
    try (TestServer s = new TestServer(dir)) {
      HttpConfig config = new HttpConfig();
      config.setUrl(URI.create(s.base));
      config.setCompression(HttpConfig.Compression.GZIP);
      // 4 threads, room for every event, the caller waits 0 s (fire and forget), 60 s to drain
      TaskQueueCircuitBreaker queue =
          new TaskQueueCircuitBreaker(new TaskQueueCircuitBreakerConfig(4, EVENTS, 0L, 60L, 1000));
      OpenLineageClient client =
          OpenLineageClient.builder()
              .transport(new HttpTransport(config))
              .circuitBreaker(queue)
              .build();
      OpenLineage ol = new OpenLineage(PRODUCER);
      ZonedDateTime t = ZonedDateTime.parse("2026-11-25T10:00:00Z");
      for (int i = 0; i < EVENTS; i++) {
        OpenLineage.RunEvent event =
            ol.newRunEventBuilder()
                .eventType(OpenLineage.RunEvent.EventType.COMPLETE)
                .eventTime(t.plusSeconds(i))
                .run(
                    ol.newRunBuilder()
                        .runId(UUID.nameUUIDFromBytes(new byte[] {(byte) i, 7}))
                        .build())
                .job(ol.newJobBuilder().namespace("etl").name("job_" + i).build())
                .inputs(
                    List.of(ol.newInputDatasetBuilder().namespace("wh").name("in_" + i).build()))
                .outputs(
                    List.of(ol.newOutputDatasetBuilder().namespace("wh").name("out_" + i).build()))
                .build();
        queue.run(() -> {
          client.emit(event);
          return null;
        });
      }
      // Drain the queue before closing the client: OpenLineageClient.close() closes the transport
      // first and the circuit breaker after, so tasks still queued would post on a closed client.
      queue.close();
      client.close();

      assertThat(s.log.store().size()).isEqualTo(EVENTS);
    }
  }
}
