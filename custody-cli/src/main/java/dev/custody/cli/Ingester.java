package dev.custody.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.cli.IngestReader.Item;
import dev.custody.ingest.sbom.SbomParser;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sends values to a server, batching records, and tells an {@link IngestTally} what became of each.
 *
 * <p>A request is atomic: when the server refuses a batch, nothing of it was written. The problem
 * names the first bad record by JSON pointer ({@code /3/nodes/0/kind}), so the records before it
 * are sent again, the bad one alone (its problem's pointer then made relative to the record) and
 * then the rest; a problem that names no record is narrowed down by bisection. A 413 for the whole
 * request halves the batch size for the rest of the run. Values are sent in the order they were
 * read, so the same files ingested into two empty logs give the same log. Not thread safe.
 */
final class Ingester {
  /** Stay below the server's default 16 MiB request limit, with room for the array's commas. */
  static final int MAX_BATCH_BYTES = 15 * 1024 * 1024;

  /** The server's default limit of records a request. */
  static final int MAX_BATCH_RECORDS = 10_000;

  private static final int RETRIES = 5;

  private final ApiClient api;
  private final IngestTally tally;
  private final List<Item> pending = new ArrayList<>();
  private long pendingBytes;
  private int batchSize;

  Ingester(ApiClient api, IngestTally tally, int batchSize) {
    this.api = api;
    this.tally = tally;
    this.batchSize = Math.min(batchSize, MAX_BATCH_RECORDS);
  }

  /** Queues or sends one value. */
  void add(Item item) {
    if (item.format().kind() == IngestFormat.Route.DOCUMENT) {
      flush();
      sendDocument(item);
      return;
    }
    if (!pending.isEmpty()
        && (pending.size() >= batchSize
            || pendingBytes + item.bytes().length + 1 > MAX_BATCH_BYTES)) {
      flush();
    }
    pending.add(item);
    pendingBytes += item.bytes().length + 1;
  }

  /** Sends the queued records. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Item> batch = List.copyOf(pending);
    pending.clear();
    pendingBytes = 0;
    sendRecords(batch);
  }

  private void sendDocument(Item item) {
    ApiClient.Answer a = post(item.format().route(), item.bytes());
    if (a.ok()) {
      JsonNode created = a.json().get("created");
      tally.sent(item, created != null ? created.asBoolean() : a.status() == 201);
    } else {
      tally.refused(item, a.problem().describe());
    }
  }

  private void sendRecords(List<Item> batch) {
    if (batch.isEmpty()) {
      return;
    }
    // An object alone is sent as itself, so the server's words are about "the record", not
    // "record 0" of a request the user never wrote.
    boolean alone = batch.size() == 1 && batch.getFirst().bytes()[0] == '{';
    ApiClient.Answer a = post("/v1/records", alone ? batch.getFirst().bytes() : array(batch));
    if (a.ok()) {
      JsonNode records = a.json().path("records");
      for (int i = 0; i < batch.size(); i++) {
        tally.sent(batch.get(i), records.path(i).path("created").asBoolean());
      }
      return;
    }
    ApiClient.Problem problem = a.problem();
    if (batch.size() == 1) {
      // The server names what it read of a record by its position in the request (/0/nodes/1)
      // even when the record is the whole body: make the pointer the record's own.
      tally.refused(batch.getFirst(), problem.relativeTo("/0").describe());
      return;
    }
    Integer bad = recordNamed(problem.field(), batch.size());
    if (bad != null) {
      sendRecords(batch.subList(0, bad));
      sendRecords(batch.subList(bad, bad + 1));
      sendRecords(batch.subList(bad + 1, batch.size()));
      return;
    }
    if (problem.overLimit()) {
      batchSize = Math.max(1, Math.min(batchSize, batch.size() / 2));
    }
    int half = batch.size() / 2;
    sendRecords(batch.subList(0, half));
    sendRecords(batch.subList(half, batch.size()));
  }

  /** The record a problem's field names ({@code /3} or {@code /3/...}), if any. */
  private static @Nullable Integer recordNamed(@Nullable String field, int size) {
    if (field == null || !field.startsWith("/")) {
      return null;
    }
    int end = field.indexOf('/', 1);
    String first = end < 0 ? field.substring(1) : field.substring(1, end);
    try {
      int i = Integer.parseInt(first);
      return i >= 0 && i < size ? i : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static byte[] array(List<Item> batch) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(batch.get(i).bytes());
    }
    out.write(']');
    return out.toByteArray();
  }

  /**
   * Posts, retrying while the server answers 503 (appends are idempotent, so a retry is safe). Any
   * other 5xx stops the run: it is the server's fault, not the record's.
   */
  private ApiClient.Answer post(String route, byte[] body) {
    for (int attempt = 1; ; attempt++) {
      ApiClient.Answer a = api.post(route, contentType(body), body);
      if (a.status() == 503 && attempt < RETRIES) {
        pause(attempt);
        continue;
      }
      if (a.status() >= 500) {
        throw new CliException(
            "the server failed: " + a.problem().describe(),
            "ingest is idempotent: run the same command again once the server is healthy");
      }
      return a;
    }
  }

  /** XML for a CycloneDX XML BOM (the only XML ingest sends), else JSON. */
  private static String contentType(byte[] body) {
    return SbomParser.looksLikeCycloneDxXml(body) ? "application/xml" : "application/json";
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(500L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", null, Main.USAGE);
    }
  }
}
