package dev.custody.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.attest.AttestationProjector;
import dev.custody.attest.AttestationRecords;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.nativerecord.NativeRecordParser;
import dev.custody.ingest.openlineage.OpenLineageEvents;
import dev.custody.ingest.openlineage.OpenLineageProjector;
import dev.custody.ingest.prov.ProvJsonReader;
import dev.custody.ingest.prov.ProvProjector;
import dev.custody.ingest.sbom.SbomProjector;
import dev.custody.ingest.sbom.SbomRecords;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.NodeId;
import dev.custody.model.PayloadRefs;
import dev.custody.model.PayloadSource;
import dev.custody.model.ProvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a stored record states about provenance, decided by its {@code _type} alone, so the write
 * path (whatever route the record came by) and {@code custody reindex} read every record the same
 * way:
 *
 * <ul>
 *   <li>{@value NativeRecordParser#TYPE}: a native record (docs/RECORDS.md);
 *   <li>{@value #PROV_JSON_TYPE}: a W3C PROV-JSON document in the member {@code document}, as
 *       {@code POST /v1/prov} stores it; it states no time of its own and is attributed to {@link
 *       #PROV_JSON_PRODUCER};
 *   <li>{@value OpenLineageEvents#TYPE}: an OpenLineage event in the member {@code event}, as
 *       {@code POST /api/v1/lineage} stores it (OpenLineageProjector);
 *   <li>{@value AttestationRecords#TYPE}: an attestation with Custody's stored verdict, as {@code
 *       POST /v1/attestations} stores it (AttestationProjector; the verdict is read, not redone);
 *   <li>{@value SbomRecords#TYPE}: an SBOM (CycloneDX or SPDX) as {@code POST /v1/sboms} stores it
 *       (SbomProjector; the document is parsed again, not validated again);
 *   <li>anything else: an opaque record, which states nothing.
 * </ul>
 *
 * Thread safe.
 */
public final class ProvenanceReader {
  /** The {@code _type} of a stored PROV-JSON document. */
  public static final String PROV_JSON_TYPE = "https://custody.dev/prov-json/v1";

  /** Who a PROV-JSON record is attributed to: a PROV document names no single producer. */
  public static final NodeId PROV_JSON_PRODUCER =
      NodeId.parse("urn:custody:producer:prov-json", "producer");

  private static final byte[] TYPE_MARKER =
      "\"_type\":\"https://custody.dev/".getBytes(StandardCharsets.UTF_8);

  private final ObjectMapper json = new ObjectMapper();
  private final NativeRecordParser natives = new NativeRecordParser();
  private final ProvJsonReader provJson = new ProvJsonReader();
  private final ProvProjector projector = new ProvProjector();
  private final OpenLineageProjector openLineage = new OpenLineageProjector();
  private final AttestationProjector attestations = new AttestationProjector();
  private final SbomProjector sboms = new SbomProjector();

  private static final String RESERVED_PREFIX = "https://custody.dev/";

  // The record types whose document may be kept beside the log (PayloadRefs). A user's opaque
  // record is never resolved, whatever members it has.
  private static final java.util.Set<String> DOCUMENT_TYPES =
      java.util.Set.of(PROV_JSON_TYPE, AttestationRecords.TYPE, SbomRecords.TYPE);

  /**
   * The provenance a canonical record states, or empty for an opaque record. A record that keeps
   * its document beside the log cannot be read this way: use {@link #read(byte[], PayloadSource)}.
   */
  public Optional<ProvRecord> read(byte[] canonicalRecord) {
    return read(canonicalRecord, PayloadSource.NONE);
  }

  /**
   * The provenance a canonical record states, looking up a document it keeps beside the log ({@code
   * documentRef}, see {@link PayloadRefs}) in {@code payloads}.
   */
  public Optional<ProvRecord> read(byte[] canonicalRecord, PayloadSource payloads) {
    return read(canonicalRecord, payloads, false);
  }

  private Optional<ProvRecord> read(
      byte[] canonicalRecord, PayloadSource payloads, boolean submitted) {
    // Most records are opaque. Canonical JSON has no white space, so a record with a Custody
    // _type holds these bytes; one without them is opaque and needs no parse. (A nested match
    // only costs the parse below, which looks at the top level.)
    if (!CanonicalRecord.contains(canonicalRecord, TYPE_MARKER)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = json.readTree(canonicalRecord);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "record is not JSON: " + e.getMessage());
    }
    String type = root.path("_type").asText("");
    if (submitted) {
      refuseReserved(type);
    }
    if (DOCUMENT_TYPES.contains(type)) {
      root = PayloadRefs.resolve(root, payloads);
    }
    if (type.equals(NativeRecordParser.TYPE)) {
      return natives.read(root);
    }
    if (type.equals(PROV_JSON_TYPE)) {
      return Optional.of(provJson(root));
    }
    if (type.equals(OpenLineageEvents.TYPE)) {
      return Optional.of(openLineage(root));
    }
    if (type.equals(AttestationRecords.TYPE)) {
      return Optional.of(attestations.project(AttestationRecords.read(root)));
    }
    if (type.equals(SbomRecords.TYPE)) {
      return Optional.of(sboms.project(SbomRecords.read(root)));
    }
    return Optional.empty();
  }

  /** The stored form of a PROV-JSON document: {@code {"_type": ..., "document": <document>}}. */
  public static byte[] envelope(byte[] provJsonDocument) {
    byte[] head =
        ("{\"_type\":\"" + PROV_JSON_TYPE + "\",\"document\":").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + provJsonDocument.length + 1];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(provJsonDocument, 0, out, head.length, provJsonDocument.length);
    out[out.length - 1] = '}';
    return out;
  }

  private ProvRecord provJson(JsonNode root) {
    JsonNode doc = root.get("document");
    if (doc == null || !doc.isObject()) {
      throw InvalidInputException.badRequest(
          "/document", "must be a PROV-JSON document (an object)");
    }
    try {
      return projector
          .project(provJson.read(json.writeValueAsBytes(doc)), PROV_JSON_PRODUCER, null)
          .prov();
    } catch (InvalidInputException e) {
      throw e.under("/document");
    } catch (IOException e) {
      throw InvalidInputException.badRequest("/document", "unreadable document");
    }
  }

  private ProvRecord openLineage(JsonNode root) {
    JsonNode event = root.get("event");
    if (event == null || !event.isObject()) {
      throw InvalidInputException.badRequest("/event", "must be an OpenLineage event (an object)");
    }
    try {
      return openLineage.project(event);
    } catch (InvalidInputException e) {
      throw e.under("/event");
    }
  }

  /**
   * Reads each record of a request, in order. A refusal names the member by a JSON pointer into the
   * request ({@code /2/relations/0/object} for the third record).
   */
  public List<Optional<ProvRecord>> readAll(List<CanonicalRecord> records) {
    return readAll(records, false);
  }

  /**
   * {@link #readAll(List)} of records submitted as they are ({@code POST /v1/records}): a record
   * whose {@code _type} is one that only Custody's own routes write is refused, since what those
   * routes checked (a signature's verdict, an event's schema) cannot be shown by the record. Native
   * records and PROV-JSON envelopes are read the same whichever way they come; any other {@code
   * https://custody.dev/} type is reserved.
   */
  public List<Optional<ProvRecord>> readSubmitted(List<CanonicalRecord> records) {
    return readAll(records, true);
  }

  /**
   * {@link #readSubmitted} of records read with their trees ({@link RecordParser#parseJsonTrees}):
   * a native record is read from its tree, which is what its canonical bytes read back as, rather
   * than from the bytes again; any other record as {@link #readSubmitted} reads it.
   */
  public List<Optional<ProvRecord>> readSubmittedTrees(List<RecordParser.Parsed> parsed) {
    return each(
        parsed,
        p -> {
          JsonNode type = p.tree().get("_type");
          return type != null
                  && type.isTextual()
                  && type.textValue().equals(NativeRecordParser.TYPE)
              ? natives.read(p.tree())
              : read(p.canonical(), PayloadSource.NONE, true);
        });
  }

  private static void refuseReserved(String type) {
    if (!type.startsWith(RESERVED_PREFIX)
        || type.equals(NativeRecordParser.TYPE)
        || type.equals(PROV_JSON_TYPE)) {
      return;
    }
    String route =
        switch (type) {
          case AttestationRecords.TYPE -> "; post the attestation to /v1/attestations";
          case OpenLineageEvents.TYPE -> "; post the event to /api/v1/lineage";
          case SbomRecords.TYPE -> "; post the SBOM to /v1/sboms";
          default -> "";
        };
    throw InvalidInputException.badRequest(
        "/_type", type + " records are written by Custody's own routes, not submitted" + route);
  }

  private List<Optional<ProvRecord>> readAll(List<CanonicalRecord> records, boolean submitted) {
    return each(records, r -> read(r.canonical(), PayloadSource.NONE, submitted));
  }

  /** {@code read} of each of a request's records; a refusal is named by its record ({@code /2}). */
  private static <T> List<Optional<ProvRecord>> each(
      List<T> records, java.util.function.Function<T, Optional<ProvRecord>> read) {
    List<Optional<ProvRecord>> out = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        out.add(read.apply(records.get(i)));
      } catch (InvalidInputException e) {
        throw e.under("/" + i);
      }
    }
    return out;
  }
}
