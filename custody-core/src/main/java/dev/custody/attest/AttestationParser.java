package dev.custody.attest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.custody.error.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Detects what a JSON document is and reads the attestations in it. Detection is by members, and
 * each format is then read strictly: a document that looks like one format but does not read as it
 * is refused, naming the member, never taken for another format or stored as opaque. Recognised:
 *
 * <ul>
 *   <li>a DSSE envelope ({@code payloadType}, {@code payload}, {@code signatures});
 *   <li>a bare in-toto Statement v0.1 or v1 (unsigned);
 *   <li>a Sigstore bundle v0.1, v0.2 or v0.3 (DSSE or message signature);
 *   <li>Google Cloud Build provenance ({@code provenance_summary.provenance[].envelope});
 *   <li>npm attestations ({@code attestations[].bundle}).
 * </ul>
 *
 * With {@code inTotoOnly}, a DSSE payload must be in-toto ({@value DsseEnvelope#IN_TOTO}). Thread
 * safe.
 */
public final class AttestationParser {
  private static final Pattern BUNDLE_MEDIA_TYPE =
      Pattern.compile(
          "application/vnd\\.dev\\.sigstore\\.bundle(\\+json;version=0\\.[123]|\\.v0\\.3\\+json)");

  /** Duplicate member names are refused: two readers could take different values of one name. */
  private final ObjectMapper json =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final boolean inTotoOnly;

  public AttestationParser(boolean inTotoOnly) {
    this.inTotoOnly = inTotoOnly;
  }

  /** The attestations in one document; refusals name the member under {@code at}. */
  public List<Attestation> read(JsonNode doc, String at) {
    if (doc.isTextual()) {
      throw InvalidInputException.badRequest(
          at, "the document is a JSON string, not an object: doubly encoded?");
    }
    if (!doc.isObject()) {
      throw InvalidInputException.badRequest(at, "an attestation document must be a JSON object");
    }
    if (DsseEnvelope.looksLike(doc)) {
      return List.of(dsse(doc, at, "", Attestation.Format.DSSE_ENVELOPE, null));
    }
    if (Statement.looksLike(doc)) {
      return List.of(
          new Attestation(
              Attestation.Format.IN_TOTO_STATEMENT,
              "",
              null,
              Statement.parse(doc, at),
              null,
              null,
              null,
              false,
              null));
    }
    if (doc.has("mediaType")) {
      return List.of(bundle(doc, at, ""));
    }
    if (doc.has("provenance_summary")) {
      return gcb(doc, at);
    }
    if (doc.has("attestations")) {
      return npm(doc, at);
    }
    if (doc.has("payload") || doc.has("signatures")) {
      // Half an envelope: say what is missing rather than "unknown format".
      throw InvalidInputException.badRequest(
          at + "/payloadType", "a DSSE envelope needs payloadType, payload and signatures");
    }
    throw InvalidInputException.badRequest(
        at,
        "not a recognised attestation: expected a DSSE envelope, an in-toto Statement, a Sigstore"
            + " bundle, Google Cloud Build provenance or npm attestations");
  }

  private Attestation dsse(
      JsonNode node,
      String at,
      String entry,
      Attestation.Format format,
      @Nullable JsonNode imageSummary) {
    DsseEnvelope env = DsseEnvelope.parse(node, at + entry);
    boolean cert = false;
    for (int i = 0; i < env.signatures().size(); i++) {
      String pem = env.signatures().get(i).cert();
      if (pem != null) {
        SigstoreBundle.pemCertificate(pem, at + entry + "/signatures/" + i + "/cert");
        cert = true;
      }
    }
    Payload p = payload(env, at + entry);
    return new Attestation(format, entry, env, p.statement, p.link, null, null, cert, imageSummary);
  }

  private record Payload(@Nullable Statement statement, @Nullable JsonNode link) {}

  private Payload payload(DsseEnvelope env, String at) {
    if (!env.payloadType().equals(DsseEnvelope.IN_TOTO)) {
      if (inTotoOnly) {
        throw InvalidInputException.badRequest(
            at + "/payloadType",
            "payload type '" + env.payloadType() + "' is not " + DsseEnvelope.IN_TOTO);
      }
      return new Payload(null, null);
    }
    JsonNode body;
    try {
      body = json.readTree(env.payload());
    } catch (StreamReadException e) {
      String dup = duplicate(e);
      throw InvalidInputException.badRequest(
          at + "/payload",
          dup != null
              ? "the decoded payload has a duplicate member at " + dup
              : "the in-toto payload is not JSON (truncated or doubly encoded?)");
    } catch (IOException e) {
      throw InvalidInputException.badRequest(
          at + "/payload", "the in-toto payload is not JSON (truncated or doubly encoded?)");
    }
    if (body == null || body.isTextual()) {
      throw InvalidInputException.badRequest(
          at + "/payload", "the in-toto payload is a JSON string, not an object: doubly encoded?");
    }
    if (!body.isObject()) {
      throw InvalidInputException.badRequest(
          at + "/payload", "the in-toto payload must be an object");
    }
    if ("link".equals(body.path("_type").asText())) {
      return new Payload(null, body);
    }
    if (!Statement.looksLike(body)) {
      throw InvalidInputException.badRequest(
          at + "/payload",
          "the in-toto payload is neither a Statement nor a link (_type '"
              + body.path("_type").asText("")
              + "')");
    }
    try {
      return new Payload(Statement.parse(body, ""), null);
    } catch (InvalidInputException e) {
      // The statement lives inside the base64 payload: name the payload, then the member.
      throw InvalidInputException.badRequest(
          at + "/payload", "in the decoded payload at " + e.field() + ": " + e.detail());
    }
  }

  private Attestation bundle(JsonNode node, String at, String entry) {
    String p = at + entry;
    String mediaType = node.path("mediaType").asText("");
    if (!BUNDLE_MEDIA_TYPE.matcher(mediaType).matches()) {
      throw InvalidInputException.badRequest(
          p + "/mediaType", "unknown Sigstore bundle media type '" + mediaType + "'");
    }
    JsonNode material = node.get("verificationMaterial");
    if (material == null || !material.isObject()) {
      throw InvalidInputException.badRequest(
          p + "/verificationMaterial", "a Sigstore bundle needs its verificationMaterial");
    }
    String hint = material.path("publicKey").path("hint").asText("");
    boolean cert = material.has("x509CertificateChain") || material.has("certificate");
    if (hint.isEmpty() && !cert) {
      throw InvalidInputException.badRequest(
          p + "/verificationMaterial",
          "a Sigstore bundle needs a certificate, a certificate chain or a public key hint");
    }
    // Read as Sigstore will verify it: a certificate that does not parse, a signature that is not
    // base64 or a missing log entry is a bad document (400, naming the member), not a verdict.
    SigstoreBundle.read(node, p, mediaType);
    JsonNode dsse = node.get("dsseEnvelope");
    if (dsse != null) {
      Attestation a = dsse(dsse, p, "/dsseEnvelope", Attestation.Format.SIGSTORE_BUNDLE, null);
      return new Attestation(
          Attestation.Format.SIGSTORE_BUNDLE,
          entry,
          a.envelope(),
          a.statement(),
          a.link(),
          mediaType,
          hint.isEmpty() ? null : hint,
          cert,
          null,
          node);
    }
    if (node.has("messageSignature")) {
      return new Attestation(
          Attestation.Format.SIGSTORE_BUNDLE,
          entry,
          null,
          null,
          null,
          mediaType,
          hint.isEmpty() ? null : hint,
          cert,
          null,
          node);
    }
    throw InvalidInputException.badRequest(
        p + "/dsseEnvelope", "a Sigstore bundle needs a dsseEnvelope or a messageSignature");
  }

  private List<Attestation> gcb(JsonNode doc, String at) {
    JsonNode list = doc.path("provenance_summary").get("provenance");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/provenance_summary/provenance",
          "Cloud Build provenance needs a non-empty provenance array");
    }
    JsonNode summary = doc.get("image_summary");
    List<Attestation> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String entry = "/provenance_summary/provenance/" + i;
      JsonNode env = list.get(i).get("envelope");
      if (env == null) {
        throw InvalidInputException.badRequest(
            at + entry + "/envelope", "Cloud Build provenance needs its DSSE envelope");
      }
      Attestation a =
          dsse(env, at + entry, "/envelope", Attestation.Format.GCB_PROVENANCE, summary);
      out.add(
          new Attestation(
              a.format(),
              entry,
              a.envelope(),
              a.statement(),
              a.link(),
              null,
              null,
              false,
              summary));
    }
    return out;
  }

  private List<Attestation> npm(JsonNode doc, String at) {
    JsonNode list = doc.get("attestations");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/attestations", "npm attestations need a non-empty attestations array");
    }
    List<Attestation> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String entry = "/attestations/" + i;
      JsonNode bundle = list.get(i).get("bundle");
      if (bundle == null || !bundle.isObject()) {
        throw InvalidInputException.badRequest(
            at + entry + "/bundle", "an npm attestation needs its Sigstore bundle");
      }
      Attestation a = bundle(bundle, at + entry, "/bundle");
      String declared = list.get(i).path("predicateType").asText("");
      if (a.statement() != null
          && !declared.isEmpty()
          && !declared.equals(a.statement().predicateType())) {
        throw InvalidInputException.badRequest(
            at + entry + "/predicateType",
            "declares '" + declared + "' but the statement says '" + a.predicateType() + "'");
      }
      out.add(
          new Attestation(
              a.format(),
              entry,
              a.envelope(),
              a.statement(),
              a.link(),
              a.bundleMediaType(),
              a.keyHint(),
              a.certificate(),
              null,
              a.bundle()));
    }
    return out;
  }

  /**
   * The JSON documents in a file or body: one JSON value, or JSON Lines ({@code .intoto.jsonl}: one
   * value a line, blank lines skipped). Refusals name the line by its position ({@code /2}).
   */
  public List<JsonNode> documents(byte[] bytes, int maxBytes) {
    if (bytes.length > maxBytes) {
      throw InvalidInputException.tooLarge(
          "", "the document is larger than " + maxBytes + " bytes");
    }
    List<JsonNode> out = new ArrayList<>();
    try (JsonParser p = json.createParser(bytes)) {
      while (p.nextToken() != null) {
        out.add(json.readTree(p));
      }
    } catch (StreamReadException e) {
      String at = out.isEmpty() ? "" : "/" + out.size();
      String dup = duplicate(e);
      if (dup != null) {
        throw InvalidInputException.badRequest(at + dup, "duplicate member name");
      }
      throw InvalidInputException.badRequest(
          at, "malformed or truncated JSON: " + e.getMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      String at = out.isEmpty() ? "" : "/" + out.size();
      throw InvalidInputException.badRequest(
          at, "malformed or truncated JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (out.isEmpty()) {
      throw InvalidInputException.badRequest("", "the document is empty");
    }
    return out;
  }

  /** The JSON pointer of a duplicate member name Jackson refused, or null for other errors. */
  private static @Nullable String duplicate(StreamReadException e) {
    if (!(e.getProcessor() instanceof JsonParser p)
        || !e.getOriginalMessage().startsWith("Duplicate")) {
      return null;
    }
    return p.getParsingContext().pathAsPointer().toString();
  }

  /** The attestations in a file: each document's, in order ({@code /<line>} for JSON Lines). */
  public List<Attestation> readAll(byte[] bytes, int maxBytes) {
    List<JsonNode> docs = documents(bytes, maxBytes);
    List<Attestation> out = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      out.addAll(read(docs.get(i), docs.size() == 1 ? "" : "/" + i));
    }
    return out;
  }

  /** The attestation a stored record names by its entry pointer (for reindex). */
  public Attestation entry(JsonNode doc, String entry) {
    for (Attestation a : read(doc, "")) {
      if (a.entry().equals(entry)) {
        return a;
      }
    }
    throw InvalidInputException.badRequest("/entry", "no attestation at '" + entry + "'");
  }
}
