package dev.custody.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A kind of JSON value {@code custody ingest} recognises by its content, and where it sends it.
 *
 * <p>Each value read from a file (the file's one value, each element of a top-level array, each
 * line of NDJSON) is given to the entries of {@link #ALL} in order; the first that {@link
 * #recognises} it takes it. {@link Route#DOCUMENT} formats are posted one value a request to their
 * route; {@link Route#RECORDS} values are batched into {@code POST /v1/records} as a JSON array.
 * The last entry takes any value, so everything is sent somewhere and the server decides.
 *
 * <p>To support a new format, add one entry before {@link #CUSTODY_RECORD}, for example:
 *
 * <ul>
 *   <li>in-toto attestations: {@code new IngestFormat("in-toto attestation", "/v1/attestations",
 *       Route.DOCUMENT, v -> v.has("payloadType") && v.has("signatures"))};
 *   <li>SBOMs: {@code new IngestFormat("SBOM", "/v1/sboms", Route.DOCUMENT, v ->
 *       "CycloneDX".equals(v.path("bomFormat").asText()) || v.has("spdxVersion"))};
 *   <li>OpenLineage run events: {@code new IngestFormat("OpenLineage event", "/api/v1/lineage",
 *       Route.DOCUMENT, v -> v.has("eventType") && v.has("run") && v.has("job"))}.
 * </ul>
 *
 * A document route's answer counts as new when it says {@code "created": true}, or, without that
 * member, when its status is 201; nothing else about the route is assumed.
 *
 * @param name what the summary calls it
 * @param route the path posted to
 * @param recognises whether a parsed value is of this format (it may be any JSON value)
 */
record IngestFormat(String name, String route, Route kind, Predicate<JsonNode> recognises) {
  /** How values of a format are sent. */
  enum Route {
    /** One value a request, as {@code application/json}. */
    DOCUMENT,
    /** Batched with other records into one JSON array a request to {@code /v1/records}. */
    RECORDS
  }

  /** The members a W3C PROV-JSON document may have at its top level. */
  private static final Set<String> PROV_MEMBERS =
      Set.of(
          "prefix",
          "entity",
          "activity",
          "agent",
          "bundle",
          "wasGeneratedBy",
          "used",
          "wasInformedBy",
          "wasStartedBy",
          "wasEndedBy",
          "wasInvalidatedBy",
          "wasDerivedFrom",
          "wasAttributedTo",
          "wasAssociatedWith",
          "actedOnBehalfOf",
          "wasInfluencedBy",
          "specializationOf",
          "alternateOf",
          "hadMember",
          "mentionOf");

  /**
   * A W3C PROV-JSON document: an object without {@code _type} with at least one PROV-JSON member
   * whose value is an object. Other members do not disqualify it, so the server (which knows
   * PROV-JSON) refuses a malformed document rather than storing it as an opaque record.
   */
  static final IngestFormat PROV_JSON =
      new IngestFormat("PROV-JSON document", "/v1/prov", Route.DOCUMENT, IngestFormat::isProvJson);

  /**
   * An attestation document as {@code POST /v1/attestations} detects it: a DSSE envelope, an
   * in-toto Statement, a Sigstore bundle, Cloud Build provenance or npm attestations. The server
   * reads it strictly, so a malformed one is refused there rather than stored as opaque.
   */
  static final IngestFormat ATTESTATION =
      new IngestFormat(
          "attestation", "/v1/attestations", Route.DOCUMENT, IngestFormat::isAttestation);

  static boolean isAttestation(JsonNode v) {
    return (v.has("payloadType") && v.has("payload"))
        || v.path("_type").asText("").startsWith("https://in-toto.io/Statement/")
        || v.path("mediaType").asText("").startsWith("application/vnd.dev.sigstore.bundle")
        || v.has("provenance_summary")
        || v.path("attestations").isArray();
  }

  /**
   * An SBOM as {@code POST /v1/sboms} detects it: a CycloneDX document ({@code bomFormat}) or an
   * SPDX 2.x one ({@code spdxVersion}). The server validates it, so a malformed one is refused
   * there rather than stored as opaque. CycloneDX XML files are recognised by {@link IngestReader}
   * and posted as XML.
   */
  static final IngestFormat SBOM =
      new IngestFormat(
          "SBOM",
          "/v1/sboms",
          Route.DOCUMENT,
          v -> v.has("bomFormat") || v.path("spdxVersion").isTextual());

  /** A record with a Custody {@code _type}: native provenance or a PROV-JSON envelope. */
  static final IngestFormat CUSTODY_RECORD =
      new IngestFormat(
          "Custody record",
          "/v1/records",
          Route.RECORDS,
          v -> v.path("_type").asText("").startsWith("https://custody.dev/"));

  /** Anything else: stored as an opaque record (a value that is not an object is refused). */
  static final IngestFormat JSON_RECORD =
      new IngestFormat("JSON record", "/v1/records", Route.RECORDS, v -> true);

  /** Every format, in the order they are tried. */
  static final List<IngestFormat> ALL =
      List.of(SBOM, ATTESTATION, PROV_JSON, CUSTODY_RECORD, JSON_RECORD);

  /** The first format of {@link #ALL} that recognises {@code value}. */
  static IngestFormat of(JsonNode value) {
    for (IngestFormat f : ALL) {
      if (f.recognises.test(value)) {
        return f;
      }
    }
    return JSON_RECORD;
  }

  private static boolean isProvJson(JsonNode v) {
    if (!v.isObject() || v.has("_type")) {
      return false;
    }
    for (String member : PROV_MEMBERS) {
      if (v.path(member).isObject()) {
        return true;
      }
    }
    return false;
  }
}
