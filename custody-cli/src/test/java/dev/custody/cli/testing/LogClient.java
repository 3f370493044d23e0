package dev.custody.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.NoteVerifiers;
import dev.custody.log.note.SignedCheckpoint;
import dev.custody.service.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Just enough of a Custody client for end-to-end tests: raw requests over HTTP/1.1 to one server,
 * and the signed checkpoint checked against the data directory's verifier key. Thread safe.
 */
public final class LogClient {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;

  public LogClient(String baseUrl) {
    this.base = baseUrl;
  }

  /** POSTs JSON to {@code /v1/records}; throws IOException when the server is gone. */
  public HttpResponse<String> postRecords(byte[] json) throws IOException, InterruptedException {
    return postJson("/v1/records", json);
  }

  /** POSTs JSON to {@code path} (for example {@code /v1/prov}). */
  public HttpResponse<String> postJson(String path, byte[] json)
      throws IOException, InterruptedException {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** GETs a path; the server must be up. */
  public HttpResponse<byte[]> get(String pathAndQuery) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + base + pathAndQuery + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** GETs a path that must answer 200 with JSON. */
  public JsonNode getJson(String pathAndQuery) {
    HttpResponse<byte[]> r = get(pathAndQuery);
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + pathAndQuery + " answered " + r.statusCode() + ": " + body);
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The signed note the server serves at {@code /checkpoint}. */
  public String checkpointNote() {
    HttpResponse<byte[]> r = get("/checkpoint");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("GET /checkpoint answered " + r.statusCode());
    }
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /**
   * Polls {@code /checkpoint} until its signed note (checked with {@code key}) satisfies {@code
   * ready}; returns that note.
   *
   * @throws AssertionError if no such checkpoint appears before the deadline
   */
  public String awaitCheckpoint(NoteVerifier key, Predicate<Checkpoint> ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String note = checkpointNote();
    while (!ready.test(SignedCheckpoint.open(note, List.of(key)))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no checkpoint as expected within " + timeout + "; last:\n" + note);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      note = checkpointNote();
    }
    return note;
  }

  /** How many records the server stores at index {@code from} or later (up to 10,000). */
  public int storedFrom(long from) {
    HttpResponse<byte[]> r = get("/v1/records?from=" + from + "&limit=10000");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("range read answered " + r.statusCode());
    }
    return Integer.parseInt(r.headers().firstValue("Custody-Count").orElseThrow());
  }

  /** The verifier key a data directory's server signs with. */
  public static NoteVerifier verifierKey(Path dataDir) {
    try {
      String vkey =
          Files.readString(dataDir.resolve(SigningKeys.PUBLIC_FILE), StandardCharsets.UTF_8).trim();
      return NoteVerifiers.parse(vkey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
