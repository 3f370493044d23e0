package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.custody.error.InvalidInputException;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps a stored attestation and its verdict to PROV. Always: the attestation (an entity named by
 * the SHA-256 of its canonical JSON) {@code used} by a verification activity associated with
 * Custody's own agent, which carries the verdict, the reason, the key and the checks. For SLSA
 * provenance also: each subject (by digest) {@code wasGeneratedBy} the build; the build {@code
 * used} its materials / resolved dependencies and its source commit ({@code git+<repo>@<sha>}) and
 * {@code wasAssociatedWith} the builder; the build type and parameters are attributes of the build,
 * and {@code custody:verified} says whether the claim was verified. Pure and thread safe.
 */
public final class AttestationProjector {
  /** Custody's own agent, which verifies attestations. */
  public static final NodeId VERIFIER_AGENT =
      NodeId.parse("urn:custody:agent:attestation-verifier", "producer");

  private static final Pattern GITHUB_COMMIT =
      Pattern.compile("^(https://[^/]+/[^/]+/[^/]+)/commit/([0-9a-fA-F]{40})$");
  private static final int MAX_MATERIALS = 1000;

  /** The graph statements of one stored attestation. */
  public ProvRecord project(AttestationRecords.Stored s) {
    Attestation a = s.attestation();
    Verdict v = s.verdict();
    B b = new B();
    NodeId agent = VERIFIER_AGENT;
    b.node(agent, Kind.AGENT, "software-agent", "Custody attestation verifier", Map.of(), null);
    NodeId att = NodeId.parse(s.attestationDigest(), "/document");
    Map<String, String> attAttrs = new LinkedHashMap<>();
    attAttrs.put("custody:format", text(a.format().label()));
    attAttrs.put("custody:verified", Boolean.toString(v.verified()));
    if (a.predicateType() != null) {
      attAttrs.put("in-toto:predicateType", text(a.predicateType()));
    }
    b.node(att, Kind.ENTITY, "attestation", a.predicateType(), attAttrs, null);

    Map<String, String> va = new LinkedHashMap<>();
    va.put("custody:verdict", text(v.verified() ? "verified" : "unverified"));
    va.put("custody:reason", text(v.reason()));
    if (v.keyid() != null) {
      va.put("custody:keyid", text(v.keyid()));
    }
    va.put("custody:verifier", text(v.verifier()));
    // Sigstore verdicts: who the certificate says signed, and the log entry it was checked against.
    if (v.signer() != null && v.signer().san() != null) {
      va.put("custody:signerSan", text(v.signer().san()));
    }
    if (v.signer() != null && v.signer().issuer() != null) {
      va.put("custody:signerIssuer", text(v.signer().issuer()));
    }
    if (v.logEntry() != null) {
      va.put("custody:log", text(v.logEntry().log()));
      va.put("custody:logIndex", Long.toString(v.logEntry().logIndex()));
      if (v.logEntry().integratedTime() != null) {
        va.put("custody:integratedTime", text(v.logEntry().integratedTime().toString()));
      }
    }
    StringBuilder checks = new StringBuilder("[");
    for (Verdict.Check c : v.checks()) {
      if (checks.length() > 1) {
        checks.append(',');
      }
      checks
          .append("{\"check\":")
          .append(text(c.name()))
          .append(",\"detail\":")
          .append(text(c.detail()))
          .append(",\"outcome\":")
          .append(text(c.outcome().label()))
          .append('}');
    }
    va.put("custody:checks", checks.append(']').toString());
    // Named by the attestation and the verdict: the same outcome is the same activity, another
    // (a new key in the trust file, say) is a new one.
    NodeId verification =
        NodeId.parse(
            "urn:custody:verification:"
                + s.attestationDigest().substring("sha256:".length())
                + ":"
                + AttestationRecords.sha256Hex(new java.util.TreeMap<>(va).toString())
                    .substring(0, 16),
            "/verification");
    b.node(verification, Kind.ACTIVITY, "attestation-verification", null, va, v.time());
    b.edge(verification, Relation.USED, att, v.time());
    b.edge(verification, Relation.WAS_ASSOCIATED_WITH, agent, null);

    Statement st = a.statement();
    if (st != null) {
      List<NodeId> subjects = subjects(st, b);
      // The attestation is about its subjects, as an SBOM is about the artifact it describes:
      // provenance finds it from them whatever its predicate (SBOM, scan, test result, ...).
      for (NodeId subject : subjects) {
        b.edge(att, Relation.WAS_DERIVED_FROM, subject, null);
      }
      if (st.isSlsaProvenance()) {
        slsa(st, subjects, att, v, b);
      }
    }
    return new ProvRecord(agent, v.time(), List.copyOf(b.nodes.values()), b.edges);
  }

  private static List<NodeId> subjects(Statement st, B b) {
    List<NodeId> out = new ArrayList<>();
    for (int i = 0; i < st.subjects().size(); i++) {
      Statement.Subject sub = st.subjects().get(i);
      NodeId id = digestId(sub.digest(), "/subject/" + i + "/digest");
      if (id == null) {
        continue;
      }
      b.node(id, Kind.ENTITY, "artifact", sub.name().isEmpty() ? null : sub.name(), Map.of(), null);
      out.add(id);
    }
    return out;
  }

  /** The preferred digest id (sha256, then sha512, then any other Custody knows), or null. */
  private static @Nullable NodeId digestId(Map<String, String> digest, String at) {
    for (String alg : List.of("sha256", "sha512", "sha384", "sha1")) {
      String hex = digest.get(alg);
      if (hex != null) {
        return NodeId.parse(alg + ":" + hex, at);
      }
    }
    return null;
  }

  private void slsa(Statement st, List<NodeId> subjects, NodeId att, Verdict v, B b) {
    JsonNode p = st.predicate();
    boolean v1 = p.has("buildDefinition") || p.has("runDetails");
    String builder =
        v1
            ? p.path("runDetails").path("builder").path("id").asText("")
            : p.path("builder").path("id").asText("");
    String buildType =
        v1
            ? p.path("buildDefinition").path("buildType").asText("")
            : p.has("recipe")
                ? p.path("recipe").path("type").asText("")
                : p.path("buildType").asText("");
    JsonNode params =
        v1
            ? p.path("buildDefinition").path("externalParameters")
            : p.has("recipe")
                ? p.path("recipe").path("arguments")
                : p.path("invocation").path("parameters");
    JsonNode meta = v1 ? p.path("runDetails").path("metadata") : p.path("metadata");
    // SLSA v0.2 spells it buildInvocationID; Cloud Build's v0.1 buildInvocationId.
    String invocation =
        v1
            ? meta.path("invocationId").asText("")
            : meta.path("buildInvocationID").asText(meta.path("buildInvocationId").asText(""));
    Instant started = time(meta.path(v1 ? "startedOn" : "buildStartedOn").asText(""));
    Instant finished = time(meta.path(v1 ? "finishedOn" : "buildFinishedOn").asText(""));

    NodeId build = buildId(builder, invocation, att);
    Map<String, String> attrs = new LinkedHashMap<>();
    if (!buildType.isEmpty()) {
      attrs.put("slsa:buildType", text(buildType));
    }
    if (!params.isMissingNode() && !params.isNull()) {
      attrs.put("slsa:parameters", AttestationRecords.canonical(params));
    }
    if (!invocation.isEmpty()) {
      attrs.put("slsa:invocationId", text(invocation));
    }
    attrs.put("custody:attestation", text(att.toString()));
    attrs.put("custody:verified", Boolean.toString(v.verified()));
    b.nodes.put(build, new Node(build, Kind.ACTIVITY, "build", null, attrs, started, finished));
    for (NodeId s : subjects) {
      b.edge(s, Relation.WAS_GENERATED_BY, build, finished);
    }
    NodeId agent = iri(builder);
    if (agent != null) {
      b.node(agent, Kind.AGENT, "builder", builder, Map.of(), null);
      b.edge(build, Relation.WAS_ASSOCIATED_WITH, agent, null);
    }
    JsonNode materials =
        v1 ? p.path("buildDefinition").path("resolvedDependencies") : p.path("materials");
    int n = 0;
    for (JsonNode m : materials) {
      if (n++ >= MAX_MATERIALS) {
        break;
      }
      material(m.path("uri").asText(""), m.path("digest"), build, b);
    }
    JsonNode config = p.path("invocation").path("configSource");
    if (config.isObject()) {
      material(config.path("uri").asText(""), config.path("digest"), build, b);
    }
  }

  /** A material: a git commit when it names one, else its digest, else its URI if an IRI. */
  private static void material(String uri, JsonNode digest, NodeId build, B b) {
    String sha = digest.path("sha1").asText(digest.path("gitCommit").asText(""));
    NodeId id = null;
    String type = "material";
    if (uri.startsWith("git+") && !sha.isEmpty()) {
      String repo = uri.substring(4);
      int at = repo.indexOf('@', repo.indexOf("://") + 3);
      id = tryParse("git+" + (at < 0 ? repo : repo.substring(0, at)) + "@" + sha);
      type = "git-commit";
    }
    Matcher gh = GITHUB_COMMIT.matcher(uri);
    if (id == null && gh.matches()) {
      id = tryParse("git+" + gh.group(1) + "@" + gh.group(2).toLowerCase(java.util.Locale.ROOT));
      type = "git-commit";
    }
    if (id == null && digest.isObject()) {
      Map<String, String> d = new LinkedHashMap<>();
      digest.fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().asText("")));
      try {
        id = digestId(d, "/predicate/materials");
      } catch (InvalidInputException e) {
        id = null;
      }
    }
    if (id == null) {
      id = iri(uri);
    }
    if (id == null) {
      return;
    }
    b.node(id, Kind.ENTITY, type, uri.isEmpty() ? null : uri, Map.of(), null);
    b.edge(build, Relation.USED, id, null);
  }

  private static NodeId buildId(String builder, String invocation, NodeId att) {
    if (!invocation.isEmpty()) {
      NodeId id = iri(invocation);
      if (id != null) {
        return id;
      }
      return NodeId.parse(
          "urn:custody:build:" + AttestationRecords.sha256Hex(builder + "\n" + invocation),
          "/predicate");
    }
    return NodeId.parse(
        "urn:custody:build:" + att.toString().substring("sha256:".length()), "/predicate");
  }

  private static @Nullable NodeId iri(String s) {
    if (!s.startsWith("https://") && !s.startsWith("http://") && !s.startsWith("urn:")) {
      return null;
    }
    NodeId id = tryParse(s);
    return id != null && id.scheme() == NodeId.Scheme.IRI ? id : null;
  }

  private static @Nullable NodeId tryParse(String s) {
    try {
      return NodeId.parse(s, "");
    } catch (InvalidInputException e) {
      return null;
    }
  }

  private static @Nullable Instant time(String s) {
    if (s.isEmpty()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String text(String s) {
    return AttestationRecords.canonical(TextNode.valueOf(s));
  }

  /** Collects nodes (first statement of an id wins) and edges. */
  private static final class B {
    final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    final List<Edge> edges = new ArrayList<>();

    void node(
        NodeId id,
        Kind kind,
        @Nullable String type,
        @Nullable String name,
        Map<String, String> attrs,
        @Nullable Instant at) {
      nodes.putIfAbsent(id, new Node(id, kind, type, name, attrs, at, at));
    }

    void edge(NodeId s, Relation r, NodeId o, @Nullable Instant t) {
      Edge e = new Edge(s, r, o, t, Map.of());
      if (!edges.contains(e)) {
        edges.add(e);
      }
    }
  }
}
