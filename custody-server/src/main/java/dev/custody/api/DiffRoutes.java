package dev.custody.api;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.query.LineageDiff;
import dev.custody.query.LineageDiffService;
import dev.custody.query.LineageQuery;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/diff}: what changed upstream between two nodes (the previous deploy and this one). */
final class DiffRoutes {
  private final LineageDiffService diffs;

  DiffRoutes(LineageDiffService diffs) {
    this.diffs = diffs;
  }

  void diff(Context ctx) {
    NodeId from = NodeId.parse(required(ctx, "from"), "from");
    NodeId to = NodeId.parse(required(ctx, "to"), "to");
    LineageDiff d =
        diffs.diff(
            from,
            to,
            GraphRoutes.intParam(ctx, "depth", LineageQuery.DEFAULT_DEPTH),
            Params.optionalLong(ctx, "asOf"),
            GraphRoutes.intParam(ctx, "limit", LineageQuery.DEFAULT_LIMIT));
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("from", d.from().id().toString());
          g.writeStringField("to", d.to().id().toString());
          g.writeObjectFieldStart("checkpoint");
          g.writeNumberField("size", d.logSize());
          g.writeStringField("rootHash", Json.b64(d.rootHash()));
          g.writeEndObject();
          g.writeBooleanField("truncated", d.truncated());
          g.writeNumberField("commonNodes", d.commonNodes());
          g.writeObjectFieldStart("added");
          writeSide(g, d.added(), d.addedEdges());
          g.writeEndObject();
          g.writeObjectFieldStart("removed");
          writeSide(g, d.removed(), d.removedEdges());
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private static void writeSide(
      com.fasterxml.jackson.core.JsonGenerator g, List<GraphNode> nodes, List<GraphEdge> edges)
      throws java.io.IOException {
    g.writeArrayFieldStart("nodes");
    for (GraphNode n : nodes) {
      g.writeStartObject();
      GraphRoutes.writeNodeFields(g, n);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("edges");
    for (GraphEdge e : edges) {
      GraphRoutes.writeEdge(g, e, java.util.Map.of(), null);
    }
    g.writeEndArray();
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      throw InvalidInputException.badRequest(name, "query parameter '" + name + "' is required");
    }
    return v;
  }
}
