package dev.custody.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.log.TileMath;
import dev.custody.log.TilePath;
import dev.custody.log.TileReader;
import dev.custody.log.note.Checkpoint;
import dev.custody.store.StoredCheckpoint;
import dev.custody.verify.LogSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LogSource} over a running server: checkpoints from {@code /v1/log/checkpoints}, tiles
 * from the C2SP tlog-tiles API, records from {@code /v1/records?from=}. Reads the log as of the
 * checkpoint served when it was created, so a log that grows meanwhile verifies consistently.
 */
final class HttpLogSource implements LogSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final long size;

  HttpLogSource(String url) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    String note = new String(get("/checkpoint"), StandardCharsets.UTF_8);
    int blank = note.indexOf("\n\n");
    this.size = Checkpoint.parse(blank < 0 ? note : note.substring(0, blank + 1)).size();
  }

  String verifierKey() {
    return new String(get("/v1/log/key"), StandardCharsets.UTF_8).trim();
  }

  @Override
  public long recordCount() {
    return size;
  }

  @Override
  public List<SourceRecord> records(long from, int limit) {
    int n = (int) Math.min(limit, size - from);
    if (n <= 0) {
      return List.of();
    }
    byte[] body = get("/v1/records?from=" + from + "&limit=" + n);
    List<SourceRecord> out = new ArrayList<>(n);
    int start = 0;
    long index = from;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n') {
        byte[] line = java.util.Arrays.copyOfRange(body, start, i);
        out.add(new SourceRecord(index++, null, line));
        start = i + 1;
      }
    }
    return out;
  }

  @Override
  public List<StoredCheckpoint> checkpoints() {
    List<StoredCheckpoint> all = new ArrayList<>();
    long from = 0;
    while (true) {
      JsonNode page = json("/v1/log/checkpoints?from=" + from + "&limit=1000").get("checkpoints");
      for (JsonNode c : page) {
        long s = c.get("size").asLong();
        if (s <= size) {
          all.add(
              new StoredCheckpoint(
                  s,
                  Base64.getDecoder().decode(c.get("rootHash").asText()),
                  c.get("note").asText(),
                  0));
        }
      }
      if (page.size() < 1000) {
        return all;
      }
      from = page.get(page.size() - 1).get("size").asLong() + 1;
    }
  }

  @Override
  public TileReader tiles() {
    return this::tile;
  }

  @Override
  public java.util.Optional<byte[]> payload(String digest) {
    return java.util.Optional.ofNullable(getOrNull("/v1/payloads/" + digest));
  }

  private byte @Nullable [] tile(int level, long index) {
    int width = TileMath.width(size, level, index);
    if (width == 0) {
      return null;
    }
    return getOrNull("/" + TilePath.tilePath(level, index, width));
  }

  private JsonNode json(String path) {
    try {
      return JSON.readTree(get(path));
    } catch (IOException e) {
      throw new CliException("malformed JSON from " + base + path, null);
    }
  }

  private byte[] get(String path) {
    byte[] b = getOrNull(path);
    if (b == null) {
      throw new CliException(base + path + " answered 404", "is this a Custody server?");
    }
    return b;
  }

  private byte @Nullable [] getOrNull(String path) {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build();
    try {
      HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (resp.statusCode() == 404) {
        return null;
      }
      if (resp.statusCode() != 200) {
        throw new CliException(base + path + " answered " + resp.statusCode(), null);
      }
      return resp.body();
    } catch (IOException e) {
      throw CliException.unreachable(base, ApiClient.describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", null);
    }
  }
}
