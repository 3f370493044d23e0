package dev.custody.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.ProvenanceReader;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.ingest.prov.ProvDocument;
import dev.custody.ingest.prov.ProvJsonReader;
import dev.custody.ingest.prov.ProvJsonWriter;
import dev.custody.ingest.prov.ProvProjector;
import dev.custody.ingest.prov.ProvProjector.Projection;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import dev.custody.query.Lineage;
import dev.custody.query.LineageQuery;
import dev.custody.query.LineageService;
import dev.custody.service.AppendResult;
import dev.custody.service.LogService;
import dev.custody.store.GraphNode;
import dev.custody.store.StoredCheckpoint;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /v1/prov}: take a W3C PROV-JSON document as one record projected into the graph, and
 * export a lineage as PROV-JSON.
 */
final class ProvRoutes {
  private final LogService log;
  private final RecordParser parser;
  private final ProvJsonReader reader;
  private final ProvProjector projector = new ProvProjector();
  private final LineageService graph;
  private final Duration waitTimeout;
  private final RecordParser documents;

  ProvRoutes(LogService log, RecordParser parser, LineageService graph, Duration waitTimeout) {
    this.log = log;
    this.parser = parser;
    int maxBytes = (int) Math.min(Integer.MAX_VALUE, parser.limits().maxRequestBytes());
    this.reader =
        new ProvJsonReader(
            new ProvJsonReader.Limits(
                maxBytes, 32, ProvJsonReader.Limits.DEFAULTS.maxStatements()));
    this.graph = graph;
    this.waitTimeout = waitTimeout;
    RecordLimits l = parser.limits();
    this.documents =
        new RecordParser(
            new RecordLimits(l.maxRequestBytes(), l.maxRequestBytes(), l.maxDepth(), 1));
  }

  void post(Context ctx) {
    boolean waitCheckpoint = Params.waitForCheckpoint(ctx);
    Requests.requireJsonBody(ctx, "PROV-JSON", parser.limits().maxRequestBytes());
    byte[] body = RequestBodies.read(ctx, parser.limits().maxRequestBytes());
    // Read as PROV first, so a refusal names the PROV-JSON member; then store the document in
    // its envelope (ProvenanceReader), which is how every later reader, reindex included, knows
    // it for PROV-JSON. A PROV document states no time: the receive time stands in.
    ProvDocument doc = reader.read(body);
    Projection p = projector.project(doc, ProvenanceReader.PROV_JSON_PRODUCER, null);
    checkStoredKinds(p);
    // The document in RFC 8785 form, bounded by the request limit rather than the record limit:
    // a large one is kept beside the log (PayloadRefs) and the record names it.
    byte[] canonical = documents.parseJson(body).getFirst().canonical();
    List<CanonicalRecord> records;
    Optional<Payload> payload = Optional.empty();
    if (canonical.length <= PayloadRefs.INLINE_LIMIT) {
      records = parser.parseJson(ProvenanceReader.envelope(canonical));
    } else {
      ObjectNode root =
          Json.MAPPER.createObjectNode().put("_type", ProvenanceReader.PROV_JSON_TYPE);
      payload = Optional.of(PayloadRefs.putRef(root, Payload.of("application/json", canonical)));
      records = parser.parseJson(root.toString().getBytes(StandardCharsets.UTF_8));
    }
    Requests.Appended appended =
        Requests.append(
            log,
            records,
            List.of(Optional.of(p.prov())),
            List.of(payload),
            waitCheckpoint,
            waitTimeout);
    AppendResult result = appended.result();
    StoredCheckpoint cp = appended.checkpoint();
    AppendResult.Appended a = result.records().getFirst();
    Json.send(
        ctx,
        result.anyCreated() ? 201 : 200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("logSize", result.logSize());
          g.writeStringField("id", a.id().toString());
          g.writeNumberField("index", a.index());
          g.writeStringField("leafHash", Json.b64(a.leafHash()));
          g.writeBooleanField("created", a.created());
          g.writeObjectFieldStart("projected");
          g.writeNumberField("nodes", p.prov().nodes().size());
          g.writeNumberField("edges", p.prov().edges().size());
          g.writeNumberField("unmodelledRelations", p.unmodelled());
          g.writeNumberField("missingLinks", p.missingLinks());
          g.writeEndObject();
          if (cp != null) {
            RecordRoutes.writeCheckpoint(g, cp);
          }
          g.writeEndObject();
        });
  }

  /**
   * Refuses, naming the member, a node the document gives another kind than the graph has. The
   * sequencer checks again under its lock (a concurrent request may state the node first); this
   * check is here so that the usual refusal names the PROV-JSON member, not the whole document.
   */
  private void checkStoredKinds(Projection p) {
    Map<NodeId, Kind> stated =
        p.prov().nodes().stream().collect(Collectors.toMap(Node::id, Node::kind));
    Set<NodeId> ids = stated.keySet();
    for (GraphNode stored : log.store().nodes(ids).values()) {
      Kind want = stated.get(stored.id());
      if (want != stored.kind()) {
        throw InvalidInputException.badRequest(
            p.pointers().get(stored.id()),
            "node "
                + stored.id()
                + " is an "
                + stored.kind().label()
                + ", so it cannot be stated as an "
                + want.label()
                + " (a node's kind never changes)");
      }
    }
  }

  void export(Context ctx) {
    String rawId = ctx.queryParam("id");
    if (rawId == null) {
      throw InvalidInputException.badRequest("id", "query parameter 'id' is required");
    }
    LineageQuery q =
        new LineageQuery(
            NodeId.parse(rawId, "id"),
            GraphRoutes.direction(ctx.queryParam("direction")),
            GraphRoutes.intParam(ctx, "depth", LineageQuery.DEFAULT_DEPTH),
            Set.of(),
            Set.of(),
            Params.optionalLong(ctx, "asOf"),
            GraphRoutes.intParam(ctx, "limit", LineageQuery.DEFAULT_LIMIT));
    Lineage l = graph.lineage(q);
    byte[] doc = new ProvJsonWriter().write(ProvExport.of(l));
    ctx.header("Custody-Log-Size", Long.toString(l.logSize()));
    ctx.header("Custody-Root-Hash", Json.b64(l.rootHash()));
    ctx.header("Custody-Truncated", Boolean.toString(l.truncated()));
    ctx.status(200).contentType("application/json").result(doc);
  }
}
