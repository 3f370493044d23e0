package dev.custody.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.ingest.RecordLimits;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.store.sqlite.SqliteLogStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real Custody server (SQLite in a temp dir, HTTP on a free loopback port) and a client. */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final Ed25519NoteSigner key = Ed25519NoteSigner.generate("test.custody.dev/log");
  final LogService log;
  final ApiServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final String base;

  TestServer(Path dir) {
    this(dir, RecordLimits.DEFAULTS, Duration.ofMillis(100));
  }

  TestServer(Path dir, RecordLimits limits, Duration checkpointInterval) {
    this(dir, limits, checkpointInterval, ApiConfig.DEFAULT_QUALITY_REFRESH);
  }

  /** A server whose /metrics recomputes missing links and coverage every {@code qualityRefresh}. */
  TestServer(Path dir, Duration qualityRefresh) {
    this(dir, RecordLimits.DEFAULTS, Duration.ofMillis(100), qualityRefresh);
  }

  private TestServer(
      Path dir, RecordLimits limits, Duration checkpointInterval, Duration qualityRefresh) {
    this(dir, limits, checkpointInterval, qualityRefresh, AttestationConfig.defaults());
  }

  /** A server whose {@code POST /v1/attestations} verifies against {@code attestations}. */
  TestServer(Path dir, AttestationConfig attestations) {
    this(
        dir,
        RecordLimits.DEFAULTS,
        Duration.ofMillis(100),
        ApiConfig.DEFAULT_QUALITY_REFRESH,
        attestations);
  }

  private TestServer(
      Path dir,
      RecordLimits limits,
      Duration checkpointInterval,
      Duration qualityRefresh,
      AttestationConfig attestations) {
    SqliteLogStore store = SqliteLogStore.open(dir.resolve("custody.db"));
    log =
        new LogService(
            store,
            new Ed25519CheckpointSigner(key),
            LogConfig.DEFAULTS.withCheckpointInterval(checkpointInterval),
            Clock.systemUTC());
    server =
        new ApiServer(
                log,
                new ApiConfig("127.0.0.1", 0, limits, Duration.ofSeconds(10), qualityRefresh),
                attestations)
            .start();
    base = "http://127.0.0.1:" + server.port();
  }

  HttpResponse<byte[]> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b.build());
  }

  HttpResponse<byte[]> postJson(String path, String body) {
    return post(path, "application/json", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  HttpResponse<byte[]> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("response is not JSON: " + new String(r.body()), e);
    }
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
    log.close();
  }
}
