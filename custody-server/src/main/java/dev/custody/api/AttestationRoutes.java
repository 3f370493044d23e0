package dev.custody.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.attest.Attestation;
import dev.custody.attest.AttestationParser;
import dev.custody.attest.AttestationRecords;
import dev.custody.attest.AttestationVerifier;
import dev.custody.attest.Verdict;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.PayloadSource;
import dev.custody.model.ProvRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/attestations}: one attestation document (JSON) or several (JSON Lines, as {@code
 * .intoto.jsonl} files are). The format is detected ({@link AttestationParser}); each attestation
 * is verified ({@link AttestationVerifier}) and stored as one self-describing record with its
 * verdict ({@link AttestationRecords}), projected into the graph in the same transaction by reading
 * that record back ({@link ProvenanceReader}), exactly as {@code custody reindex} does. A malformed
 * document is a 400 naming the member by JSON pointer ({@code /1/payload} for the second line) and
 * writes nothing; a bad signature is a verdict, stored as unverified, unless the server requires
 * verified attestations (then 422, nothing written).
 */
final class AttestationRoutes {
  private static final Set<String> MEDIA_TYPES =
      Set.of("application/json", "application/jsonl", "application/x-ndjson");

  private final LogService log;
  private final RecordLimits limits;
  private final AttestationConfig config;
  private final AttestationParser parser = new AttestationParser(true);
  private final AttestationVerifier verifier;
  private final ProvenanceReader reader = new ProvenanceReader();
  private final Duration waitTimeout;
  private final Clock clock;

  AttestationRoutes(
      LogService log,
      RecordLimits limits,
      AttestationConfig config,
      Duration waitTimeout,
      Clock clock) {
    this.log = log;
    this.limits = limits;
    this.config = config;
    this.verifier = new AttestationVerifier(config.trust());
    this.waitTimeout = waitTimeout;
    this.clock = clock;
  }

  void post(Context ctx) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    String type = Requests.mediaType(ctx.contentType());
    if (!MEDIA_TYPES.contains(type)) {
      throw InvalidInputException.unsupportedMediaType(
          "Content-Type must be application/json or application/jsonl (attestations), got '"
              + (type.isEmpty() ? "(none)" : type)
              + "'");
    }
    if (ctx.contentLength() > limits.maxRequestBytes()) {
      throw InvalidInputException.tooLarge(
          "", "request body is larger than " + limits.maxRequestBytes() + " bytes");
    }
    String digest = artifactDigest(ctx.queryParam("digest"));
    List<JsonNode> docs =
        parser.documents(
            RequestBodies.read(ctx, limits.maxRequestBytes()), limits.maxRequestBytes());
    if (docs.size() > limits.maxRecords()) {
      throw InvalidInputException.tooLarge(
          "", "more than " + limits.maxRecords() + " documents in one request");
    }
    List<CanonicalRecord> records = new ArrayList<>();
    List<Optional<ProvRecord>> prov = new ArrayList<>();
    List<Optional<Payload>> payloads = new ArrayList<>();
    List<Found> found = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      String at = docs.size() == 1 ? "" : "/" + i;
      JsonNode doc = docs.get(i);
      for (Attestation a : parser.read(doc, at)) {
        Verdict v = verifier.verify(a, digest, clock.instant());
        if (config.requireVerified() && !v.verified()) {
          throw new InvalidInputException(
              422,
              "unverified-attestation",
              at + a.entry(),
              "the server requires verified attestations: " + v.reason());
        }
        AttestationRecords.Envelope e = AttestationRecords.envelope(doc, a, v);
        CanonicalRecord r = e.record();
        records.add(r);
        payloads.add(e.payload());
        prov.add(reader.read(r.canonical(), PayloadSource.of(e.payload())));
        found.add(new Found(at + a.entry(), a, v));
      }
    }
    AppendResult result =
        Requests.append(log, records, prov, payloads, waitCheckpoint, waitTimeout).result();
    Json.send(
        ctx,
        201,
        g -> {
          g.writeStartObject();
          g.writeNumberField("logSize", result.logSize());
          g.writeArrayFieldStart("attestations");
          for (int i = 0; i < found.size(); i++) {
            AppendResult.Appended r = result.records().get(i);
            Found f = found.get(i);
            g.writeStartObject();
            g.writeStringField("id", r.id().toString());
            g.writeNumberField("index", r.index());
            g.writeBooleanField("created", r.created());
            g.writeStringField("entry", f.pointer());
            g.writeStringField("format", f.attestation().format().label());
            if (f.attestation().predicateType() != null) {
              g.writeStringField("predicateType", f.attestation().predicateType());
            }
            g.writeBooleanField("verified", f.verdict().verified());
            g.writeStringField("reason", f.verdict().reason());
            if (f.verdict().keyid() != null) {
              g.writeStringField("keyid", f.verdict().keyid());
            }
            Verdict.Signer signer = f.verdict().signer();
            if (signer != null) {
              g.writeObjectFieldStart("signer");
              g.writeStringField("san", signer.san());
              g.writeStringField("issuer", signer.issuer());
              g.writeEndObject();
            }
            Verdict.LogEntry entry = f.verdict().logEntry();
            if (entry != null) {
              g.writeObjectFieldStart("logEntry");
              g.writeStringField("log", entry.log());
              g.writeNumberField("logIndex", entry.logIndex());
              g.writeStringField(
                  "integratedTime",
                  entry.integratedTime() == null ? null : entry.integratedTime().toString());
              g.writeStringField("trustedRoot", entry.trustedRoot());
              g.writeEndObject();
            }
            g.writeArrayFieldStart("checks");
            for (Verdict.Check c : f.verdict().checks()) {
              g.writeStartObject();
              g.writeStringField("check", c.name());
              g.writeStringField("outcome", c.outcome().label());
              g.writeStringField("detail", c.detail());
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private record Found(String pointer, Attestation attestation, Verdict verdict) {}

  private static @Nullable String artifactDigest(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    NodeId id = NodeId.parse(raw, "digest");
    if (id.scheme() != NodeId.Scheme.DIGEST) {
      throw InvalidInputException.badRequest("digest", "must be <algorithm>:<hex>, e.g. sha256:…");
    }
    return id.toString();
  }
}
