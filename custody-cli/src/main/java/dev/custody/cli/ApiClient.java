package dev.custody.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The CLI's client of the HTTP API under {@code /v1}: one JDK {@link HttpClient} (HTTP/1.1) to one
 * server. A server that cannot be reached is a {@link CliException} with the usage status (2); an
 * answer, whatever its status, is returned for the caller to judge, and {@link Problem} reads an
 * RFC 9457 problem from it. Thread safe.
 */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String base;

  ApiClient(String url) {
    String u = url.strip();
    this.base = u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    if (!base.startsWith("http://") && !base.startsWith("https://")) {
      throw new CliException(
          "--url must be an http:// or https:// URL, got '" + url + "'",
          "give the server's address, e.g. --url http://127.0.0.1:8080",
          Main.USAGE);
    }
  }

  String base() {
    return base;
  }

  /** An answer: status, body and the headers the CLI reads. */
  record Answer(int status, byte[] body, HttpResponseHeaders headers) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new CliException("the server answered malformed JSON (status " + status + ")", null);
      }
    }

    /** The problem this (non-2xx) answer carries; a body that is not a problem still gives one. */
    Problem problem() {
      try {
        JsonNode n = JSON.readTree(body);
        if (n != null && n.isObject() && n.hasNonNull("detail")) {
          JsonNode field = n.get("field");
          return new Problem(
              status,
              n.path("type").asText(""),
              n.get("detail").asText(),
              field == null || field.isNull() ? null : field.asText());
        }
      } catch (IOException e) {
        // Not JSON: a proxy's error page, say; the status is all there is to tell.
      }
      return new Problem(status, "", "the server answered " + status, null);
    }
  }

  /** The headers of an answer, read case-insensitively. */
  record HttpResponseHeaders(java.net.http.HttpHeaders headers) {
    @Nullable String first(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** An RFC 9457 problem the server answered. */
  record Problem(int status, String type, String detail, @Nullable String field) {
    /** {@code detail (field: f)}, the form the CLI prints. */
    String describe() {
      // An empty pointer is the whole record or body: the location already says which.
      return field == null || field.isEmpty() ? detail : detail + " (field: " + field + ")";
    }

    /**
     * The same problem with {@code prefix} taken off its field, so that a pointer into a request
     * becomes a pointer into the record at {@code prefix}.
     */
    Problem relativeTo(String prefix) {
      if (field == null || !(field.equals(prefix) || field.startsWith(prefix + "/"))) {
        return this;
      }
      return new Problem(status, type, detail, field.substring(prefix.length()));
    }

    /** Refused for a size or count limit (413): a smaller request may pass. */
    boolean overLimit() {
      return status == 413 || type.endsWith("/too-large");
    }
  }

  Answer get(String path, Map<String, ? extends @Nullable Object> query) {
    return send(HttpRequest.newBuilder(uri(path, query)).GET());
  }

  Answer post(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(path, Map.of()))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /**
   * GETs JSON that must answer 2xx; a problem is a {@link CliException} printed as the CLI does.
   */
  JsonNode getJson(String path, Map<String, ? extends @Nullable Object> query) {
    Answer a = get(path, query);
    if (!a.ok()) {
      throw new CliException(a.problem().describe(), null);
    }
    return a.json();
  }

  /** A path segment: percent-encoded, so an id with '/', '@' or '+' is one segment. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Query parameters in the order given; null values are left out. */
  static Map<String, @Nullable Object> params(@Nullable Object... kv) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(String.valueOf(kv[i]), kv[i + 1]);
    }
    return m;
  }

  private URI uri(String path, Map<String, ? extends @Nullable Object> query) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((k, v) -> {
      if (v != null) {
        q.add(k + "=" + segment(v.toString()));
      }
    });
    try {
      return URI.create(base + path + q);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          "not a valid URL: " + base + path, "check --url (or CUSTODY_URL)", Main.USAGE);
    }
  }

  private Answer send(HttpRequest.Builder req) {
    try {
      HttpResponse<byte[]> r =
          http.send(req.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(r.statusCode(), r.body(), new HttpResponseHeaders(r.headers()));
    } catch (IOException e) {
      throw CliException.unreachable(base, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", null, Main.USAGE);
    }
  }

  /** An I/O failure in words: the JDK's connect failures often carry no message. */
  static String describe(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e instanceof java.net.ConnectException
          ? "connection refused"
          : e.getClass().getSimpleName();
    }
    return m;
  }
}
