package dev.custody.ingest.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.CanonicalJson;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.jspecify.annotations.Nullable;

/**
 * How an SBOM is stored in the log: one self-describing record, so {@code custody reindex}
 * re-projects it from the record alone:
 *
 * <pre>{@code
 * {"_type": "https://custody.dev/sbom/v1",
 *  "digest": "sha256:<hex of the document's bytes as posted>",
 *  "document": <the JSON document> | "<the XML document as text>",
 *     or, when larger than PayloadRefs.INLINE_LIMIT, kept beside the log:
 *  "documentRef": {"digest": "sha256:...", "mediaType": "application/json" | "application/xml",
 *                  "size": n},
 *  "format": "cyclonedx-json" | "cyclonedx-xml" | "spdx-json",
 *  "specVersion": "1.6" | "SPDX-2.3" | ...,
 *  "subject": "<the artifact named by ?subject=>"}      (only when given)
 * }</pre>
 *
 * The record is RFC 8785 canonical JSON, so a JSON document is stored in its canonical form; the
 * digest is of the bytes as posted (the SBOM's identity in the graph). Reading back does not
 * validate again (the document was validated when it was accepted) but parses with the same
 * libraries. Thread safe.
 */
public final class SbomRecords {
  /** The {@code _type} of a stored SBOM. */
  public static final String TYPE = "https://custody.dev/sbom/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLACEHOLDER = "\"document\":0";

  private SbomRecords() {}

  /** What a stored SBOM record holds, read back. */
  public record Stored(
      SbomFormat format, String specVersion, NodeId digest, @Nullable NodeId subject, Sbom sbom) {}

  /**
   * A stored SBOM record, and the document it keeps beside the log when the document is larger than
   * {@link PayloadRefs#INLINE_LIMIT} (its record then names it by {@code documentRef}).
   */
  public record Envelope(CanonicalRecord record, Optional<Payload> payload) {}

  /** The stored record of {@code parsed}, about {@code subject} when the caller named one. */
  public static Envelope envelope(SbomParser.Parsed parsed, @Nullable NodeId subject) {
    ObjectNode root = JSON.createObjectNode();
    root.put("_type", TYPE);
    root.put("digest", parsed.digest());
    byte[] canonicalDocument = parsed.canonicalDocument();
    byte[] stored =
        canonicalDocument != null
            ? canonicalDocument
            : parsed.document().asText().getBytes(StandardCharsets.UTF_8);
    if (stored.length > PayloadRefs.INLINE_LIMIT) {
      Payload p =
          Payload.of(canonicalDocument != null ? "application/json" : "application/xml", stored);
      PayloadRefs.putRef(root, p);
      put(root, parsed, subject);
      return new Envelope(CanonicalRecord.of(CanonicalJson.utf8(root)), Optional.of(p));
    }
    return new Envelope(inline(root, parsed, subject, canonicalDocument), Optional.empty());
  }

  private static void put(ObjectNode root, SbomParser.Parsed parsed, @Nullable NodeId subject) {
    root.put("format", parsed.format().label());
    root.put("specVersion", parsed.specVersion());
    if (subject != null) {
      root.put("subject", subject.toString());
    }
  }

  private static CanonicalRecord inline(
      ObjectNode root,
      SbomParser.Parsed parsed,
      @Nullable NodeId subject,
      byte @Nullable [] canonicalDocument) {
    // A JSON document is already canonical (RecordParser): the envelope is canonicalized around a
    // placeholder and the document put in its place, rather than canonicalizing 8 MiB twice.
    if (canonicalDocument == null) {
      root.set("document", parsed.document());
    } else {
      root.put("document", 0);
    }
    put(root, parsed, subject);
    String canonical = CanonicalJson.text(root);
    if (canonicalDocument == null) {
      return CanonicalRecord.of(canonical.getBytes(StandardCharsets.UTF_8));
    }
    // Member names are unique and a quote inside a string value is escaped, so the placeholder
    // occurs once, as the member.
    int at = canonical.indexOf(PLACEHOLDER) + PLACEHOLDER.length() - 1;
    byte[] head = canonical.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = canonical.substring(at + 1).getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + canonicalDocument.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(canonicalDocument, 0, out, head.length, canonicalDocument.length);
    System.arraycopy(tail, 0, out, head.length + canonicalDocument.length, tail.length);
    return CanonicalRecord.of(out);
  }

  /** Reads a stored record back; refusals name the member. */
  public static Stored read(JsonNode root) {
    SbomFormat format = SbomFormat.labelled(root.path("format").asText(""));
    if (format == null) {
      throw InvalidInputException.badRequest("/format", "unknown SBOM format");
    }
    NodeId digest = NodeId.parse(root.path("digest").asText(""), "/digest");
    NodeId subject =
        root.hasNonNull("subject") ? NodeId.parse(root.get("subject").asText(), "/subject") : null;
    JsonNode doc = root.path("document");
    Sbom sbom =
        switch (format) {
          case SPDX_JSON -> {
            if (!doc.isObject()) {
              throw InvalidInputException.badRequest("/document", "must be the SPDX document");
            }
            yield SpdxReader.read(doc);
          }
          case CYCLONEDX_JSON -> {
            if (!doc.isObject()) {
              throw InvalidInputException.badRequest("/document", "must be the CycloneDX BOM");
            }
            yield cycloneDx(format, bytes(doc));
          }
          case CYCLONEDX_XML -> {
            if (!doc.isTextual()) {
              throw InvalidInputException.badRequest("/document", "must be the XML BOM as text");
            }
            yield cycloneDx(format, doc.asText().getBytes(StandardCharsets.UTF_8));
          }
        };
    return new Stored(format, root.path("specVersion").asText(""), digest, subject, sbom);
  }

  private static Sbom cycloneDx(SbomFormat format, byte[] document) {
    try {
      return CycloneDxReader.read(
          format == SbomFormat.CYCLONEDX_XML
              ? new XmlParser().parse(document)
              : new JsonParser().parse(document));
    } catch (ParseException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw InvalidInputException.badRequest(
          "/document",
          "cyclonedx-core-java cannot read the BOM: " + why.lines().findFirst().orElse(""));
    }
  }

  private static byte[] bytes(JsonNode doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("/document", "unreadable document");
    }
  }
}
