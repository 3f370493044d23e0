package dev.custody.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.RecordParser;
import dev.custody.ingest.openlineage.OpenLineageEvents;
import dev.custody.ingest.openlineage.OpenLineageProjector;
import dev.custody.ingest.openlineage.OpenLineageValidator;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.ProvRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * {@code POST /api/v1/lineage}: OpenLineage events (one, or a JSON array as an atomic batch),
 * optionally gzip-compressed, as Marquez takes them. Each event is validated against the bundled
 * OpenLineage schemas, stored as one record in its envelope ({@link OpenLineageEvents}) and
 * projected into the graph in the same transaction. A refusal names the member by JSON pointer
 * ({@code /2/run/runId} in a batch) and writes nothing. An {@code Authorization} header (the
 * client's API key) is accepted and not checked: Custody has no authentication yet.
 */
final class OpenLineageRoutes {
  private final LogService log;
  private final RecordParser parser;
  private final OpenLineageValidator validator = new OpenLineageValidator();
  private final OpenLineageProjector projector = new OpenLineageProjector();
  private final Duration waitTimeout;

  OpenLineageRoutes(LogService log, RecordParser parser, Duration waitTimeout) {
    this.log = log;
    this.parser = parser;
    this.waitTimeout = waitTimeout;
  }

  void post(Context ctx) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    long max = parser.limits().maxRequestBytes();
    Requests.requireJsonBody(ctx, "OpenLineage events", max);
    byte[] body = decode(ctx.header("Content-Encoding"), RequestBodies.read(ctx, max), max);
    boolean batch = startsWithBracket(body);
    // Each event's tree is the one its canonical bytes read as (RecordParser.Parsed): the body is
    // parsed once, and the validator and the projector see what the log stores.
    List<RecordParser.Parsed> events = parser.parseJsonTrees(body);
    List<CanonicalRecord> records = new ArrayList<>(events.size());
    List<Optional<ProvRecord>> prov = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      String at = batch ? "/" + i : "";
      try {
        JsonNode event = events.get(i).tree();
        validator.validate(event);
        prov.add(Optional.of(projector.project(event)));
      } catch (InvalidInputException e) {
        throw e.under(at);
      }
      records.add(OpenLineageEvents.envelope(events.get(i).canonical()));
    }
    // With waitCheckpoint the events are visible to the graph routes (they read up to the latest
    // checkpoint) once this answers.
    AppendResult result = Requests.append(log, records, prov, waitCheckpoint, waitTimeout).result();
    // Marquez answers 201 whether or not the event was new; so does Custody (a retry is safe).
    Json.send(
        ctx,
        201,
        g -> {
          g.writeStartObject();
          g.writeNumberField("logSize", result.logSize());
          g.writeArrayFieldStart("records");
          for (AppendResult.Appended a : result.records()) {
            g.writeStartObject();
            g.writeStringField("id", a.id().toString());
            g.writeNumberField("index", a.index());
            g.writeBooleanField("created", a.created());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** The body as sent, or inflated for {@code Content-Encoding: gzip}, capped at {@code max}. */
  static byte[] decode(String encoding, byte[] raw, long max) {
    String enc = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
    if (enc.isEmpty() || enc.equals("identity")) {
      return raw;
    }
    if (!enc.equals("gzip") && !enc.equals("x-gzip")) {
      throw InvalidInputException.unsupportedMediaType(
          "Content-Encoding '" + encoding + "' is not supported (use gzip or none)");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      byte[] out = RequestBodies.readCapped(in, inflatedSize(raw), max);
      if (out.length > max) {
        throw InvalidInputException.tooLarge(
            "", "the decompressed request body is larger than " + max + " bytes");
      }
      return out;
    } catch (IOException e) {
      throw InvalidInputException.badRequest(
          "Content-Encoding", "the body is not valid gzip: " + e.getMessage());
    }
  }

  /** The uncompressed size a gzip member states in its trailer (ISIZE), as a hint only. */
  private static int inflatedSize(byte[] gzip) {
    if (gzip.length < 18) {
      return 256;
    }
    int n = gzip.length;
    long size =
        (gzip[n - 4] & 0xffL)
            | (gzip[n - 3] & 0xffL) << 8
            | (gzip[n - 2] & 0xffL) << 16
            | (gzip[n - 1] & 0xffL) << 24;
    return (int) Math.min(size, RequestBodies.HINT_CAP);
  }

  private static boolean startsWithBracket(byte[] body) {
    for (byte b : body) {
      if (b == '[') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return false;
  }
}
