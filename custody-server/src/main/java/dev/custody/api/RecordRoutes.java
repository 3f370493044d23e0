package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordParser;
import dev.custody.log.LogEntry;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Payload;
import dev.custody.model.ProvRecord;
import dev.custody.model.RecordId;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import dev.custody.store.RecordClocks;
import dev.custody.store.StoredCheckpoint;
import dev.custody.store.StoredRecord;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code /v1/records}: append records; read one with its inclusion proof; read ranges. */
final class RecordRoutes {
  private static final int MAX_RANGE = 10_000;

  private final LogService log;
  private final RecordParser parser;
  private final Duration waitTimeout;
  private final ProvenanceReader provenance = new ProvenanceReader();

  RecordRoutes(LogService log, RecordParser parser, Duration waitTimeout) {
    this.log = log;
    this.parser = parser;
    this.waitTimeout = waitTimeout;
  }

  void post(Context ctx) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    // Native records are read before queueing: a bad one is refused and nothing is written.
    Read read = parse(ctx);
    List<CanonicalRecord> records = read.records();
    Requests.Appended appended =
        Requests.append(log, records, read.prov(), waitCheckpoint, waitTimeout);
    AppendResult result = appended.result();
    StoredCheckpoint cp = appended.checkpoint();
    Json.send(
        ctx,
        result.anyCreated() ? 201 : 200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("logSize", result.logSize());
          g.writeArrayFieldStart("records");
          for (AppendResult.Appended a : result.records()) {
            g.writeStartObject();
            g.writeStringField("id", a.id().toString());
            g.writeNumberField("index", a.index());
            g.writeStringField("leafHash", Json.b64(a.leafHash()));
            g.writeBooleanField("created", a.created());
            g.writeEndObject();
          }
          g.writeEndArray();
          if (cp != null) {
            writeCheckpoint(g, cp);
          }
          g.writeEndObject();
        });
  }

  /** A request's records and what each states. */
  private record Read(List<CanonicalRecord> records, List<Optional<ProvRecord>> prov) {}

  private Read parse(Context ctx) {
    String type = Requests.mediaType(ctx.contentType());
    long declared = ctx.contentLength();
    if (declared > parser.limits().maxRequestBytes()) {
      throw InvalidInputException.tooLarge(
          "",
          "request body is "
              + declared
              + " bytes; the limit is "
              + parser.limits().maxRequestBytes());
    }
    return switch (type) {
      case "application/json" -> {
        // Read once: each record's tree goes on to its provenance, not its bytes read again.
        List<RecordParser.Parsed> parsed =
            parser.parseJsonTrees(RequestBodies.read(ctx, parser.limits().maxRequestBytes()));
        yield new Read(RecordParser.records(parsed), provenance.readSubmittedTrees(parsed));
      }
      case "application/x-ndjson", "application/jsonl", "application/jsonlines" -> {
        List<CanonicalRecord> records =
            parser.parseNdjson(RequestBodies.read(ctx, parser.limits().maxRequestBytes()));
        yield new Read(records, provenance.readSubmitted(records));
      }
      default ->
          throw InvalidInputException.unsupportedMediaType(
              "Content-Type must be application/json or application/x-ndjson, got '"
                  + (type.isEmpty() ? "(none)" : type)
                  + "'");
    };
  }

  void getById(Context ctx) {
    RecordId id = RecordId.parse(ctx.pathParam("id"), "id");
    StoredRecord r =
        log.record(id).orElseThrow(() -> InvalidInputException.notFound("id", "no record " + id));
    sendRecord(ctx, r);
  }

  /**
   * A document kept beside the log, as its bytes with its media type. The record that names it
   * commits to the digest, so a client checks the bytes by hashing them; the digest is also the
   * strong ETag (the bytes never change).
   */
  void getPayload(Context ctx) {
    String digest = ctx.pathParam("digest");
    if (!Payload.isDigest(digest)) {
      throw InvalidInputException.badRequest("digest", "must be sha256:<64 lower-case hex>");
    }
    Payload p =
        log.payload(digest)
            .orElseThrow(() -> InvalidInputException.notFound("digest", "no payload " + digest));
    ctx.status(200);
    ctx.header("ETag", "\"" + digest + "\"");
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.contentType(p.mediaType());
    ctx.result(p.body());
  }

  void getByQuery(Context ctx) {
    Long index = Params.optionalLong(ctx, "index");
    Long from = Params.optionalLong(ctx, "from");
    if (index != null && from != null) {
      throw InvalidInputException.badRequest("from", "give either 'index' or 'from', not both");
    }
    if (index != null) {
      StoredRecord r =
          log.recordAt(index)
              .orElseThrow(() ->
                  InvalidInputException.notFound(
                      "index",
                      "no record at index " + index + " (log size " + log.store().size() + ")"));
      sendRecord(ctx, r);
      return;
    }
    if (from == null) {
      throw InvalidInputException.badRequest(
          "index", "give 'index' (one record) or 'from' (a range)");
    }
    sendRange(ctx, from, Params.limit(ctx, 1000, MAX_RANGE));
  }

  /**
   * A range of records as NDJSON, each line exactly the record's canonical bytes (so a verifier can
   * hash them), starting at the index given in the {@code Custody-First-Index} header.
   */
  private void sendRange(Context ctx, long from, int limit) {
    List<StoredRecord> records = log.store().records(from, limit);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StoredRecord r : records) {
      out.writeBytes(r.canonical());
      out.write('\n');
    }
    ctx.header("Custody-First-Index", Long.toString(from));
    ctx.header("Custody-Count", Integer.toString(records.size()));
    ctx.status(200).contentType("application/x-ndjson").result(out.toByteArray());
  }

  private void sendRecord(Context ctx, StoredRecord r) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    StoredCheckpoint cp =
        waitCheckpoint
            ? Requests.await(log.awaitCheckpoint(r.index() + 1), waitTimeout)
            : log.latestCheckpoint();
    List<byte[]> proof = r.index() < cp.size() ? log.inclusionProof(r.index(), cp.size()) : null;
    RecordClocks clocks = log.store().clocks(r.index()).orElse(null);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("id", r.id().toString());
          g.writeNumberField("index", r.index());
          g.writeStringField("leafHash", Json.b64(LogEntry.leafHash(r.id())));
          g.writeStringField("receivedAt", Instant.ofEpochMilli(r.receivedAtMillis()).toString());
          g.writeFieldName("record");
          g.writeRawValue(new String(r.canonical(), StandardCharsets.UTF_8));
          writeClocks(g, clocks);
          if (proof == null) {
            g.writeNullField("inclusionProof");
          } else {
            g.writeObjectFieldStart("inclusionProof");
            g.writeNumberField("logSize", cp.size());
            g.writeStringField("rootHash", Json.b64(cp.rootHash()));
            Json.hashes(g, "hashes", proof);
            g.writeStringField("checkpoint", cp.note());
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  /** A native record's two clocks and how they were judged; null for other records. */
  private static void writeClocks(JsonGenerator g, @Nullable RecordClocks c) throws IOException {
    if (c == null) {
      g.writeNullField("clocks");
      return;
    }
    g.writeObjectFieldStart("clocks");
    g.writeStringField("claimedAt", c.claimedTime().toString());
    g.writeStringField("receivedAt", Instant.ofEpochMilli(c.receivedAtMillis()).toString());
    g.writeBooleanField("skew", c.skewed());
    g.writeBooleanField("backfill", c.backfill());
    g.writeBooleanField("causality", c.causality());
    g.writeEndObject();
  }

  static void writeCheckpoint(JsonGenerator g, StoredCheckpoint cp) throws IOException {
    g.writeObjectFieldStart("checkpoint");
    g.writeNumberField("size", cp.size());
    g.writeStringField("rootHash", Json.b64(cp.rootHash()));
    g.writeStringField("note", cp.note());
    g.writeStringField("createdAt", Instant.ofEpochMilli(cp.createdAtMillis()).toString());
    g.writeEndObject();
  }
}
