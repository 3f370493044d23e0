package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.query.AnswerProof;
import dev.custody.query.Lineage;
import dev.custody.query.LineageQuery;
import dev.custody.query.LineageQuery.Direction;
import dev.custody.query.LineageService;
import dev.custody.query.NodeDetails;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import dev.custody.store.Mention;
import dev.custody.store.NodeAttribute;
import dev.custody.store.NodeNaming;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** {@code /v1/nodes/{id}} and {@code /v1/lineage}: the provenance graph. */
final class GraphRoutes {
  private static final int MAX_LIST_ITEMS = 100;

  private final LineageService graph;

  GraphRoutes(LineageService graph) {
    this.graph = graph;
  }

  void node(Context ctx) {
    NodeId id = NodeId.parse(ctx.pathParam("id"), "id");
    NodeDetails d = graph.node(id);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          writeNodeFields(g, d.node());
          g.writeArrayFieldStart("names");
          for (NodeNaming n : d.namings()) {
            g.writeStartObject();
            if (n.type() != null) {
              g.writeStringField("type", n.type());
            }
            if (n.name() != null) {
              g.writeStringField("name", n.name());
            }
            g.writeNumberField("logIndex", n.logIndex());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("aliases");
          for (NodeId a : d.aliases()) {
            g.writeString(a.toString());
          }
          g.writeEndArray();
          g.writeArrayFieldStart("attributes");
          for (NodeAttribute a : d.attributes()) {
            g.writeStartObject();
            g.writeStringField("name", a.name());
            g.writeFieldName("value");
            g.writeRawValue(a.value());
            g.writeNumberField("logIndex", a.logIndex());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("mentions");
          for (Mention m : d.mentions()) {
            g.writeStartObject();
            g.writeNumberField("logIndex", m.logIndex());
            g.writeStringField("producer", m.producer().toString());
            g.writeStringField("claimedAt", m.claimedTime().toString());
            g.writeStringField("receivedAt", Instant.ofEpochMilli(m.receivedAtMillis()).toString());
            g.writeBooleanField("skew", m.skewed());
            g.writeBooleanField("backfill", m.backfill());
            g.writeBooleanField("causality", m.causality());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void lineage(Context ctx) {
    String rawId = ctx.queryParam("id");
    if (rawId == null) {
      throw InvalidInputException.badRequest("id", "query parameter 'id' is required");
    }
    LineageQuery q =
        new LineageQuery(
            NodeId.parse(rawId, "id"),
            direction(ctx.queryParam("direction")),
            intParam(ctx, "depth", LineageQuery.DEFAULT_DEPTH),
            relations(ctx.queryParam("relations")),
            types(ctx.queryParam("types")),
            Params.optionalLong(ctx, "asOf"),
            intParam(ctx, "limit", LineageQuery.DEFAULT_LIMIT),
            Params.optionalInstant(ctx, "since"),
            Params.optionalInstant(ctx, "until"));
    boolean proofs = Params.flag(ctx, "proofs");
    Lineage l = graph.lineage(q);
    AnswerProof proof = proofs ? graph.prove(l) : null;
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("id", l.start().id().toString());
          g.writeStringField("direction", q.direction().name().toLowerCase(Locale.ROOT));
          g.writeObjectFieldStart("checkpoint");
          g.writeNumberField("size", l.logSize());
          g.writeStringField("rootHash", Json.b64(l.rootHash()));
          g.writeEndObject();
          g.writeBooleanField("truncated", l.truncated());
          g.writeArrayFieldStart("nodes");
          for (GraphNode n : l.nodes()) {
            g.writeStartObject();
            writeNodeFields(g, n);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeArrayFieldStart("edges");
          for (GraphEdge e : l.edges()) {
            writeEdge(g, e, l.attributes(e), proof);
          }
          g.writeEndArray();
          if (proof != null) {
            writeProof(g, proof);
          }
          g.writeEndObject();
        });
  }

  static void writeNodeFields(JsonGenerator g, GraphNode n) throws IOException {
    g.writeStringField("id", n.id().toString());
    g.writeStringField("kind", n.kind().label());
    if (n.type() != null) {
      g.writeStringField("type", n.type());
    }
    if (n.name() != null) {
      g.writeStringField("name", n.name());
    }
    g.writeNumberField("firstIndex", n.firstIndex());
  }

  /**
   * An edge, with the attributes its record stated (if any) and, when the answer carries proofs,
   * the id of the record that asserted it.
   */
  static void writeEdge(
      JsonGenerator g, GraphEdge e, Map<String, String> attributes, @Nullable AnswerProof proof)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("subject", e.subject().toString());
    g.writeStringField("relation", e.relation().label());
    g.writeStringField("object", e.object().toString());
    g.writeNumberField("logIndex", e.logIndex());
    if (proof != null) {
      g.writeStringField("record", proof.records().get(e.logIndex()).id().toString());
    }
    if (e.time() != null) {
      g.writeStringField("time", e.time().toString());
    }
    if (!attributes.isEmpty()) {
      g.writeObjectFieldStart("attributes");
      for (Map.Entry<String, String> a : new TreeMap<>(attributes).entrySet()) {
        g.writeFieldName(a.getKey());
        g.writeRawValue(a.getValue());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * The {@code proofs} member: one inclusion proof per asserting record against the answer's root,
   * the latest signed checkpoint, and a consistency proof from the answer's size to it when they
   * differ.
   */
  static void writeProof(JsonGenerator g, AnswerProof p) throws IOException {
    g.writeObjectFieldStart("proofs");
    g.writeNumberField("logSize", p.size());
    g.writeStringField("rootHash", Json.b64(p.rootHash()));
    g.writeArrayFieldStart("records");
    for (Map.Entry<Long, AnswerProof.RecordProof> r : p.records().entrySet()) {
      g.writeStartObject();
      g.writeNumberField("logIndex", r.getKey());
      g.writeStringField("id", r.getValue().id().toString());
      Json.hashes(g, "hashes", r.getValue().inclusion());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeObjectFieldStart("checkpoint");
    g.writeNumberField("size", p.checkpoint().size());
    g.writeStringField("rootHash", Json.b64(p.checkpoint().rootHash()));
    g.writeStringField("note", p.checkpoint().note());
    g.writeEndObject();
    if (p.consistency() != null) {
      g.writeObjectFieldStart("consistency");
      g.writeNumberField("from", p.size());
      g.writeNumberField("to", p.checkpoint().size());
      Json.hashes(g, "hashes", p.consistency());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  static Direction direction(@Nullable String raw) {
    if (raw == null) {
      return Direction.UPSTREAM;
    }
    return switch (raw) {
      case "upstream" -> Direction.UPSTREAM;
      case "downstream" -> Direction.DOWNSTREAM;
      case "both" -> Direction.BOTH;
      default ->
          throw InvalidInputException.badRequest(
              "direction", "'direction' must be upstream, downstream or both");
    };
  }

  /** An integer parameter; out-of-range values are left to {@link LineageQuery} to name. */
  static int intParam(Context ctx, String name, int dflt) {
    Long v = Params.optionalLong(ctx, name);
    return v == null ? dflt : (int) Math.min(v, Integer.MAX_VALUE);
  }

  private static Set<Relation> relations(@Nullable String raw) {
    Set<Relation> out = new LinkedHashSet<>();
    for (String name : list(raw, "relations")) {
      out.add(
          Relation.named(name)
              .orElseThrow(() ->
                  InvalidInputException.badRequest(
                      "relations", "'relations' names an unknown PROV relation '" + name + "'")));
    }
    return out;
  }

  private static Set<String> types(@Nullable String raw) {
    return new LinkedHashSet<>(list(raw, "types"));
  }

  /** A comma-separated list of non-empty items. */
  private static java.util.List<String> list(@Nullable String raw, String name) {
    if (raw == null) {
      return java.util.List.of();
    }
    String[] items = raw.split(",", -1);
    if (items.length > MAX_LIST_ITEMS) {
      throw InvalidInputException.badRequest(
          name, "'" + name + "' takes at most " + MAX_LIST_ITEMS + " items");
    }
    for (String item : items) {
      if (item.isEmpty() || item.length() > 1000) {
        throw InvalidInputException.badRequest(
            name, "'" + name + "' is a comma-separated list of non-empty items");
      }
    }
    return java.util.List.of(items);
  }
}
