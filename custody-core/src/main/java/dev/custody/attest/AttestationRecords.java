package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * How an attestation is stored in the log: a self-describing envelope holding the document as
 * posted and Custody's verdict on one attestation in it, so that {@code custody reindex} can
 * re-project it from the record alone without re-verifying (keys and time may have changed since):
 *
 * <pre>{@code
 * {"_type": "https://custody.dev/attestation/v1",
 *  "document": <the document as posted>, or, when larger than PayloadRefs.INLINE_LIMIT,
 *  "documentRef": {"digest": "sha256:...", "mediaType": "application/json", "size": n},
 *  "entry": "<JSON pointer to the attestation in the document>",
 *  "format": "dsse" | "in-toto-statement" | "sigstore-bundle" | "gcb-provenance",
 *  "verification": {"verified": bool, "reason": str, "keyid": str|null,
 *                   "checks": [{"check": str, "outcome": "passed"|"failed"|"skipped",
 *                               "detail": str}],
 *                   "verifier": "custody-attest/1"}}
 * }</pre>
 *
 * <p>The verdict holds no time: the same attestation with the same outcome is the same record, so a
 * retried POST logs nothing new; when it was verified is the record's receive time.
 */
public final class AttestationRecords {
  /** The {@code _type} of a stored attestation. */
  public static final String TYPE = "https://custody.dev/attestation/v1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AttestationRecords() {}

  /** What a stored attestation record holds, read back. */
  public record Stored(Attestation attestation, Verdict verdict, String attestationDigest) {}

  /**
   * A stored attestation record, and the document it keeps beside the log when the document is too
   * large to hold inline ({@link PayloadRefs}).
   */
  public record Envelope(CanonicalRecord record, Optional<Payload> payload) {}

  /** The stored record of one attestation of {@code document}, with its verdict. */
  public static Envelope envelope(JsonNode document, Attestation a, Verdict v) {
    ObjectNode root = JSON.createObjectNode();
    root.put("_type", TYPE);
    Optional<Payload> payload =
        PayloadRefs.putJson(root, document, canonical(document).getBytes(StandardCharsets.UTF_8));
    root.put("entry", a.entry());
    root.put("format", a.format().label());
    ObjectNode ver = root.putObject("verification");
    ver.put("verified", v.verified());
    ver.put("reason", v.reason());
    if (v.keyid() == null) {
      ver.putNull("keyid");
    } else {
      ver.put("keyid", v.keyid());
    }
    ArrayNode checks = ver.putArray("checks");
    for (Verdict.Check c : v.checks()) {
      checks
          .addObject()
          .put("check", c.name())
          .put("outcome", c.outcome().label())
          .put("detail", c.detail());
    }
    ver.put("verifier", v.verifier());
    return new Envelope(
        CanonicalRecord.of(canonical(root).getBytes(StandardCharsets.UTF_8)), payload);
  }

  /** Reads a stored record back; refusals name the member. */
  public static Stored read(JsonNode root) {
    JsonNode doc = root.get("document");
    if (doc == null || !doc.isObject()) {
      throw InvalidInputException.badRequest("/document", "must be the attestation document");
    }
    String entry = root.path("entry").asText("");
    Attestation a = new AttestationParser(false).entry(doc, entry);
    JsonNode ver = root.path("verification");
    if (!ver.isObject()) {
      throw InvalidInputException.badRequest("/verification", "must be the stored verdict");
    }
    List<Verdict.Check> checks = new ArrayList<>();
    for (JsonNode c : ver.path("checks")) {
      Verdict.Outcome outcome;
      try {
        outcome =
            Verdict.Outcome.valueOf(
                c.path("outcome").asText("").toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw InvalidInputException.badRequest("/verification/checks", "unknown outcome");
      }
      checks.add(
          new Verdict.Check(c.path("check").asText(""), outcome, c.path("detail").asText("")));
    }
    Verdict v =
        new Verdict(
            ver.path("verified").asBoolean(false),
            ver.path("reason").asText(""),
            ver.hasNonNull("keyid") ? ver.get("keyid").asText() : null,
            checks,
            ver.path("verifier").asText(""),
            null);
    JsonNode at = entry.isEmpty() ? doc : doc.at(entry);
    return new Stored(a, v, "sha256:" + sha256Hex(canonical(at)));
  }

  static String canonical(JsonNode node) {
    try {
      // Wrapped in an array: the canonicalizer takes objects and arrays, not bare scalars.
      String wrapped =
          new JsonCanonicalizer("[" + JSON.writeValueAsString(node) + "]").getEncodedString();
      return wrapped.substring(1, wrapped.length() - 1);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "unreadable JSON: " + e.getMessage());
    }
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
