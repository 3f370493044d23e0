package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An in-toto Statement (v0.1 or v1): subjects by digest, a predicate type and the predicate.
 *
 * @param type the statement's {@code _type}
 * @param subjects at least one, each with at least one digest
 */
public record Statement(
    String type, List<Subject> subjects, String predicateType, JsonNode predicate) {
  public static final String V01 = "https://in-toto.io/Statement/v0.1";
  public static final String V1 = "https://in-toto.io/Statement/v1";

  /** SLSA provenance predicate types Custody maps to the graph. */
  public static final Set<String> SLSA_PROVENANCE =
      Set.of(
          "https://slsa.dev/provenance/v0.1",
          "https://slsa.dev/provenance/v0.2",
          "https://slsa.dev/provenance/v1",
          "https://slsa.dev/provenance/v1.0?draft");

  /**
   * Predicate types Custody recognises and stores (SLSA provenance is also projected); any other is
   * refused so that a mistyped or unknown predicate never passes as understood.
   */
  public static final Set<String> KNOWN_PREDICATES =
      Set.of(
          "https://slsa.dev/provenance/v0.1",
          "https://slsa.dev/provenance/v0.2",
          "https://slsa.dev/provenance/v1",
          "https://slsa.dev/provenance/v1.0?draft",
          "https://slsa.dev/verification_summary/v0.2",
          "https://slsa.dev/verification_summary/v1",
          "https://github.com/npm/attestation/tree/main/specs/publish/v0.1",
          "https://in-toto.io/attestation/link/v0.3",
          "https://in-toto.io/attestation/vulns/v0.1",
          "https://in-toto.io/attestation/test-result/v0.1",
          "https://in-toto.io/attestation/release/v0.1",
          "https://cosign.sigstore.dev/attestation/v1",
          "https://spdx.dev/Document",
          "https://cyclonedx.org/bom");

  public Statement {
    subjects = List.copyOf(subjects);
  }

  /** A statement subject: a name and its digests (algorithm, lower case, to hex value). */
  public record Subject(String name, Map<String, String> digest) {
    public Subject {
      digest = Map.copyOf(digest);
    }
  }

  /** True for SLSA provenance. */
  public boolean isSlsaProvenance() {
    return SLSA_PROVENANCE.contains(predicateType);
  }

  static boolean looksLike(JsonNode node) {
    String t = node.path("_type").asText("");
    return t.startsWith("https://in-toto.io/Statement/");
  }

  /** Reads a statement; refusals name the member under {@code at}. */
  static Statement parse(JsonNode node, String at) {
    String type = node.path("_type").asText("");
    if (!type.equals(V01) && !type.equals(V1)) {
      throw InvalidInputException.badRequest(
          at + "/_type", "unknown in-toto statement type '" + type + "' (expected v0.1 or v1)");
    }
    JsonNode pt = node.get("predicateType");
    if (pt == null || !pt.isTextual() || pt.asText().isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/predicateType", "a statement needs a predicateType");
    }
    if (!KNOWN_PREDICATES.contains(pt.asText())) {
      throw InvalidInputException.badRequest(
          at + "/predicateType", "unknown predicate type '" + pt.asText() + "'");
    }
    JsonNode subjects = node.get("subject");
    if (subjects == null || !subjects.isArray() || subjects.isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/subject", "a statement needs a non-empty array of subjects");
    }
    List<Subject> out = new ArrayList<>();
    for (int i = 0; i < subjects.size(); i++) {
      out.add(subject(subjects.get(i), at + "/subject/" + i));
    }
    JsonNode predicate = node.get("predicate");
    if (predicate == null || !predicate.isObject()) {
      throw InvalidInputException.badRequest(
          at + "/predicate", "a statement needs a predicate object");
    }
    return new Statement(type, out, pt.asText(), predicate);
  }

  private static Subject subject(JsonNode s, String at) {
    if (!s.isObject()) {
      throw InvalidInputException.badRequest(at, "a subject must be an object");
    }
    JsonNode d = s.get("digest");
    if (d == null || !d.isObject() || d.isEmpty()) {
      throw InvalidInputException.badRequest(at + "/digest", "a subject needs at least one digest");
    }
    Map<String, String> digest = new LinkedHashMap<>();
    var it = d.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isTextual() || e.getValue().asText().isEmpty()) {
        throw InvalidInputException.badRequest(
            at + "/digest/" + e.getKey(), "a digest value must be a non-empty string");
      }
      digest.put(
          e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText().toLowerCase(Locale.ROOT));
    }
    return new Subject(s.path("name").asText(""), digest);
  }
}
