package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.attest.AttestationRecords;
import dev.custody.attest.Statement;
import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.PayloadRefs;
import dev.custody.model.PayloadSource;
import dev.custody.query.AnswerProof;
import dev.custody.query.Impact;
import dev.custody.query.ImpactService;
import dev.custody.query.PackageSelector;
import dev.custody.query.Provenance;
import dev.custody.query.ProvenanceService;
import dev.custody.query.RecordedVerdict;
import dev.custody.store.GraphNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/artifacts/{digest}/provenance} (the whole chain of an artifact or image) and
 * {@code GET /v1/impact} (everything downstream of a package, grouped by kind).
 */
final class ArtifactRoutes {
  private final ProvenanceService provenance;
  private final ImpactService impact;

  ArtifactRoutes(ProvenanceService provenance, ImpactService impact) {
    this.provenance = provenance;
    this.impact = impact;
  }

  /**
   * Reads the verdict the server logged in an attestation record ({@link AttestationRecords}), its
   * document read from {@code payloads} when stored beside it; empty for every other record.
   */
  static Optional<RecordedVerdict> loggedVerdict(byte[] canonical, PayloadSource payloads) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(canonical);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!AttestationRecords.TYPE.equals(root.path("_type").asText(""))) {
      return Optional.empty();
    }
    AttestationRecords.Stored s;
    try {
      // A large document is stored beside its record, which names it by digest and size.
      s = AttestationRecords.read(PayloadRefs.resolve(root, payloads));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
    List<String> subjects = new ArrayList<>();
    Statement st = s.attestation().statement();
    if (st != null) {
      for (Statement.Subject sub : st.subjects()) {
        for (Map.Entry<String, String> d : sub.digest().entrySet()) {
          try {
            subjects.add(NodeId.digest(d.getKey(), d.getValue()).toString());
          } catch (InvalidInputException e) {
            // a digest algorithm Custody does not name nodes by cannot be this subject
          }
        }
      }
    }
    return Optional.of(
        new RecordedVerdict(
            s.attestationDigest(),
            subjects,
            s.attestation().format().label(),
            s.attestation().predicateType(),
            s.verdict().verified(),
            s.verdict().reason(),
            s.verdict().keyid(),
            s.verdict().verifier()));
  }

  void provenance(Context ctx) {
    NodeId id = NodeId.parse(ctx.pathParam("digest"), "digest");
    boolean proofs = Params.flag(ctx, "proofs");
    Provenance p = provenance.provenance(id, Params.optionalLong(ctx, "asOf"));
    AnswerProof proof = proofs ? provenance.prove(p) : null;
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("id", p.subject().id().toString());
          if (p.subject().type() != null) {
            g.writeStringField("type", p.subject().type());
          }
          g.writeArrayFieldStart("aliases");
          for (NodeId a : p.aliases()) {
            g.writeString(a.toString());
          }
          g.writeEndArray();
          checkpoint(g, p.logSize(), p.rootHash());
          for (String section : ProvenanceService.SECTIONS) {
            g.writeArrayFieldStart(section);
            for (Provenance.Item i : p.sections().get(section)) {
              g.writeStartObject();
              GraphRoutes.writeNodeFields(g, i.node());
              if (i.via() != null) {
                g.writeStringField(via(section), i.via().toString());
              }
              stated(g, p, i.logIndex());
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeArrayFieldStart("attestations");
          for (Provenance.AttestationItem a : p.attestations()) {
            attestation(g, p, a);
          }
          g.writeEndArray();
          g.writeObjectFieldStart("summary");
          g.writeNumberField("attestations", p.attestations().size());
          g.writeNumberField("verified", p.verifiedCount());
          g.writeNumberField("unverified", p.attestations().size() - p.verifiedCount());
          g.writeEndObject();
          if (proof != null) {
            GraphRoutes.writeProof(g, proof);
          }
          g.writeEndObject();
        });
  }

  private static void attestation(JsonGenerator g, Provenance p, Provenance.AttestationItem a)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("id", a.id().toString());
    if (a.build() != null) {
      g.writeStringField("build", a.build().toString());
    }
    g.writeBooleanField("verified", a.verified());
    g.writeStringField("verdict", a.verified() ? "verified" : "unverified");
    g.writeStringField("reason", a.reason());
    RecordedVerdict v = a.verdict();
    if (v != null) {
      g.writeStringField("format", v.format());
      if (v.predicateType() != null) {
        g.writeStringField("predicateType", v.predicateType());
      }
      if (v.keyid() != null) {
        g.writeStringField("keyid", v.keyid());
      }
      g.writeStringField("verifier", v.verifier());
    }
    stated(g, p, a.logIndex());
    g.writeEndObject();
  }

  private static String via(String section) {
    return switch (section) {
      case "components" -> "sbom";
      case "pods" -> "deployment";
      default -> "build";
    };
  }

  private static void stated(JsonGenerator g, Provenance p, long logIndex) throws IOException {
    g.writeNumberField("logIndex", logIndex);
    g.writeStringField("record", p.records().get(logIndex).toString());
  }

  private static void checkpoint(JsonGenerator g, long size, byte[] root) throws IOException {
    g.writeObjectFieldStart("checkpoint");
    g.writeNumberField("size", size);
    g.writeStringField("rootHash", Json.b64(root));
    g.writeEndObject();
  }

  void impact(Context ctx) {
    String purl = ctx.queryParam("purl");
    if (purl == null) {
      throw InvalidInputException.badRequest("purl", "query parameter 'purl' is required");
    }
    PackageSelector selector = PackageSelector.parse(purl, ctx.queryParam("versions"));
    Long asOf = Params.optionalLong(ctx, "asOf");
    int limit = GraphRoutes.intParam(ctx, "limit", ImpactService.DEFAULT_LIMIT);
    Impact answer = impact.impact(selector, asOf, limit);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("purl", selector.purl());
          if (selector.versions() != null) {
            g.writeStringField("versions", selector.versions());
          }
          checkpoint(g, answer.logSize(), answer.rootHash());
          g.writeBooleanField("truncated", answer.truncated());
          g.writeArrayFieldStart("matched");
          for (GraphNode n : answer.matched()) {
            g.writeStartObject();
            GraphRoutes.writeNodeFields(g, n);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeObjectFieldStart("counts");
          for (Map.Entry<String, Impact.Group> e : answer.groups().entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue().count());
          }
          g.writeEndObject();
          g.writeObjectFieldStart("groups");
          for (Map.Entry<String, Impact.Group> e : answer.groups().entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (Impact.Item i : e.getValue().items()) {
              item(g, i);
            }
            g.writeEndArray();
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static void item(JsonGenerator g, Impact.Item i) throws IOException {
    g.writeStartObject();
    GraphRoutes.writeNodeFields(g, i.node());
    if (!i.aliases().isEmpty()) {
      g.writeArrayFieldStart("aliases");
      for (String a : i.aliases()) {
        g.writeString(a);
      }
      g.writeEndArray();
    }
    g.writeNumberField("logIndex", i.logIndex());
    g.writeEndObject();
  }
}
