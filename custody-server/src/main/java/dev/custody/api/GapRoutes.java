package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.custody.query.Coverage;
import dev.custody.query.GapQuery;
import dev.custody.query.GapService;
import dev.custody.query.Gaps;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** {@code /v1/gaps} and {@code /v1/coverage}: missing links and how much reaches a commit. */
final class GapRoutes {
  private final GapService service;

  GapRoutes(GapService service) {
    this.service = service;
  }

  void gaps(Context ctx) {
    GapQuery q =
        new GapQuery(
            Params.optionalLong(ctx, "asOf"),
            ctx.queryParam("type"),
            ctx.queryParam("kind"),
            GraphRoutes.intParam(ctx, "limit", GapQuery.DEFAULT_LIMIT));
    Gaps r = service.gaps(q);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          writeCheckpoint(g, r.logSize(), r.rootHash());
          g.writeNumberField("checked", r.checked());
          g.writeNumberField("missing", r.missing());
          g.writeNumberField("rate", r.rate());
          g.writeObjectFieldStart("kinds");
          for (Map.Entry<String, Gaps.Count> k : r.byKind().entrySet()) {
            g.writeObjectFieldStart(k.getKey());
            g.writeNumberField("checked", k.getValue().checked());
            g.writeNumberField("missing", k.getValue().missing());
            g.writeNumberField("rate", k.getValue().rate());
            g.writeEndObject();
          }
          g.writeEndObject();
          g.writeBooleanField("truncated", r.truncated());
          g.writeArrayFieldStart("gaps");
          for (Gaps.Gap gap : r.gaps()) {
            g.writeStartObject();
            g.writeStringField("node", gap.node().toString());
            if (gap.type() != null) {
              g.writeStringField("type", gap.type());
            }
            g.writeStringField("kind", gap.kind());
            g.writeStringField("relation", gap.relation().label());
            g.writeNumberField("firstIndex", gap.firstIndex());
            if (gap.via() != null) {
              g.writeStringField("via", gap.via().toString());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void coverage(Context ctx) {
    Coverage c = service.coverage(Params.optionalLong(ctx, "asOf"));
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          writeCheckpoint(g, c.logSize(), c.rootHash());
          g.writeObjectFieldStart("categories");
          for (Coverage.Line l : c.categories()) {
            g.writeFieldName(l.name());
            writeLine(g, l);
          }
          g.writeEndObject();
          g.writeFieldName("overall");
          writeLine(g, c.overall());
          g.writeEndObject();
        });
  }

  private static void writeLine(JsonGenerator g, Coverage.Line l) throws IOException {
    g.writeStartObject();
    g.writeNumberField("nodes", l.nodes());
    g.writeNumberField("reaching", l.reaching());
    g.writeNumberField("ratio", l.ratio());
    g.writeEndObject();
  }

  private static void writeCheckpoint(JsonGenerator g, long size, byte[] root) throws IOException {
    g.writeObjectFieldStart("checkpoint");
    g.writeNumberField("size", size);
    g.writeStringField("rootHash", Json.b64(root));
    g.writeEndObject();
  }
}
