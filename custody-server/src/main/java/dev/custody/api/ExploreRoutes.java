package dev.custody.api;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.query.AnswerProof;
import dev.custody.query.NodeSearch;
import dev.custody.query.PathService;
import dev.custody.query.Paths;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/paths} and {@code /v1/search}: finding nodes and how two of them are linked. */
final class ExploreRoutes {
  private final PathService paths;
  private final NodeSearch search;

  ExploreRoutes(PathService paths, NodeSearch search) {
    this.paths = paths;
    this.search = search;
  }

  void paths(Context ctx) {
    NodeId from = NodeId.parse(required(ctx, "from"), "from");
    NodeId to = NodeId.parse(required(ctx, "to"), "to");
    int maxDepth = GraphRoutes.intParam(ctx, "maxDepth", PathService.DEFAULT_MAX_DEPTH);
    boolean proofs = Params.flag(ctx, "proofs");
    Paths p = paths.paths(from, to, maxDepth, Params.optionalLong(ctx, "asOf"));
    AnswerProof proof = proofs ? paths.prove(p) : null;
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("from", p.from().id().toString());
          g.writeStringField("to", p.to().id().toString());
          g.writeBooleanField("found", p.found());
          g.writeObjectFieldStart("checkpoint");
          g.writeNumberField("size", p.logSize());
          g.writeStringField("rootHash", Json.b64(p.rootHash()));
          g.writeEndObject();
          g.writeBooleanField("truncated", p.truncated());
          g.writeArrayFieldStart("paths");
          for (Paths.Path path : p.paths()) {
            g.writeStartObject();
            g.writeNumberField("length", path.edges().size());
            g.writeArrayFieldStart("nodes");
            for (GraphNode n : path.nodes()) {
              g.writeStartObject();
              GraphRoutes.writeNodeFields(g, n);
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (GraphEdge e : path.edges()) {
              GraphRoutes.writeEdge(g, e, p.attributes(e), proof);
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          if (proof != null) {
            GraphRoutes.writeProof(g, proof);
          }
          g.writeEndObject();
        });
  }

  void search(Context ctx) {
    String q = required(ctx, "q");
    List<GraphNode> found =
        search.search(
            q,
            ctx.queryParam("type"),
            GraphRoutes.intParam(ctx, "limit", NodeSearch.DEFAULT_LIMIT));
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeStringField("q", q);
          g.writeArrayFieldStart("nodes");
          for (GraphNode n : found) {
            g.writeStartObject();
            GraphRoutes.writeNodeFields(g, n);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      throw InvalidInputException.badRequest(name, "query parameter '" + name + "' is required");
    }
    return v;
  }
}
