package dev.custody.api;

import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.sbom.SbomParser;
import dev.custody.ingest.sbom.SbomRecords;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Edge;
import dev.custody.model.NodeId;
import dev.custody.model.PayloadSource;
import dev.custody.model.ProvRecord;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/sboms}: one SBOM, CycloneDX 1.2 to 1.6 (JSON or XML) or SPDX 2.2/2.3 (JSON). The
 * format and version come from the content and are validated by the ecosystem's own library ({@link
 * SbomParser}); the document is stored as one self-describing record ({@link SbomRecords}) and
 * projected into the graph in the same transaction by reading that record back ({@link
 * ProvenanceReader}), as {@code custody reindex} does. {@code ?subject=} names the artifact when
 * the document names none. An invalid SBOM is a 400 naming the member or the reason, an oversize
 * one a 413; either writes nothing.
 */
final class SbomRoutes {
  private static final Set<String> JSON_TYPES =
      Set.of("application/json", "application/vnd.cyclonedx+json", "application/spdx+json");
  private static final Set<String> XML_TYPES =
      Set.of("application/xml", "text/xml", "application/vnd.cyclonedx+xml");

  private final LogService log;
  private final SbomParser parser;
  private final ProvenanceReader reader = new ProvenanceReader();
  private final Duration waitTimeout;

  SbomRoutes(LogService log, int maxRequestBytes, Duration waitTimeout) {
    this.log = log;
    this.parser = new SbomParser(maxRequestBytes);
    this.waitTimeout = waitTimeout;
  }

  void post(Context ctx) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    String type = Requests.mediaType(ctx.contentType());
    boolean xml = XML_TYPES.contains(type);
    if (!xml && !JSON_TYPES.contains(type)) {
      throw InvalidInputException.unsupportedMediaType(
          "Content-Type must be application/json, application/vnd.cyclonedx+json,"
              + " application/spdx+json, application/xml or application/vnd.cyclonedx+xml"
              + " (an SBOM), got '"
              + (type.isEmpty() ? "(none)" : type)
              + "'");
    }
    if (ctx.contentLength() > parser.maxBytes()) {
      throw InvalidInputException.tooLarge(
          "", "the SBOM is larger than " + parser.maxBytes() + " bytes");
    }
    NodeId subject = subject(ctx.queryParam("subject"));
    byte[] body = RequestBodies.read(ctx, parser.maxBytes());
    if (xml != SbomParser.isXml(body)) { // RequestBodies.read refused a body over the limit
      throw InvalidInputException.badRequest(
          "", "Content-Type says " + (xml ? "XML" : "JSON") + " but the body is not");
    }
    SbomParser.Parsed parsed = parser.parse(body);
    SbomRecords.Envelope envelope = SbomRecords.envelope(parsed, subject);
    CanonicalRecord record = envelope.record();
    Optional<ProvRecord> prov =
        reader.read(record.canonical(), PayloadSource.of(envelope.payload()));
    AppendResult result =
        Requests.append(
                log,
                List.of(record),
                List.of(prov),
                List.of(envelope.payload()),
                waitCheckpoint,
                waitTimeout)
            .result();
    AppendResult.Appended r = result.records().get(0);
    ProvRecord p = prov.orElseThrow();
    Json.send(
        ctx,
        201,
        g -> {
          g.writeStartObject();
          g.writeNumberField("logSize", result.logSize());
          g.writeStringField("id", r.id().toString());
          g.writeNumberField("index", r.index());
          g.writeBooleanField("created", r.created());
          g.writeStringField("sbom", parsed.digest());
          g.writeStringField("format", parsed.format().label());
          g.writeStringField("specVersion", parsed.specVersion());
          g.writeArrayFieldStart("subjects");
          for (Edge e : p.edges()) {
            if (e.subject().toString().equals(parsed.digest())) {
              g.writeString(e.object().toString());
            }
          }
          g.writeEndArray();
          g.writeNumberField("nodes", p.nodes().size());
          g.writeNumberField("edges", p.edges().size());
          g.writeEndObject();
        });
  }

  private static @Nullable NodeId subject(@Nullable String raw) {
    return raw == null ? null : NodeId.parse(raw, "subject");
  }
}
