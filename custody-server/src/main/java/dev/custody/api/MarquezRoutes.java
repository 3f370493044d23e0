package dev.custody.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.openlineage.OpenLineageProjector;
import dev.custody.ingest.openlineage.RunState;
import dev.custody.model.NodeId;
import dev.custody.query.openlineage.MarquezGraph;
import dev.custody.query.openlineage.MarquezGraph.JobIo;
import dev.custody.store.ClaimedSpan;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Marquez's read API ({@code /api/v1/...}) over the graph OpenLineage events project into, with
 * Marquez's paths and answer shapes (docs/OPENLINEAGE.md says what differs). Read-only.
 */
final class MarquezRoutes {
  private static final int DEFAULT_DEPTH = 20;
  private static final int LIST_LIMIT = 10_000;
  private static final long LATEST = Long.MAX_VALUE;
  // Marquez's defaults: lists answer 100 items, search 10, from offset 0.
  private static final int DEFAULT_LIMIT = 100;
  private static final int DEFAULT_SEARCH_LIMIT = 10;

  private final LogStore store;
  private final MarquezGraph graph;

  MarquezRoutes(LogStore store) {
    this.store = store;
    this.graph = new MarquezGraph(store);
  }

  // ---- lineage ------------------------------------------------------------------------------

  void lineage(Context ctx) {
    NodeId start = nodeId(ctx, Set.of(NodeId.Scheme.JOB, NodeId.Scheme.DATASET));
    int depth = GraphRoutes.intParam(ctx, "depth", DEFAULT_DEPTH);
    requireStored(start);
    Map<NodeId, JobIo> jobs = graph.lineage(start, depth);
    Set<NodeId> datasets = new LinkedHashSet<>();
    if (start.scheme() == NodeId.Scheme.DATASET) {
      datasets.add(start);
    }
    jobs.values()
        .forEach(io -> {
          datasets.addAll(io.inputs());
          datasets.addAll(io.outputs());
        });
    Map<NodeId, List<NodeId>> in = new HashMap<>();
    Map<NodeId, List<NodeId>> out = new HashMap<>();
    jobs.forEach((job, io) -> {
      for (NodeId d : io.inputs()) {
        out.computeIfAbsent(d, k -> new ArrayList<>()).add(job);
        in.computeIfAbsent(job, k -> new ArrayList<>()).add(d);
      }
      for (NodeId d : io.outputs()) {
        out.computeIfAbsent(job, k -> new ArrayList<>()).add(d);
        in.computeIfAbsent(d, k -> new ArrayList<>()).add(job);
      }
    });
    Set<NodeId> all = new LinkedHashSet<>(jobs.keySet());
    all.addAll(datasets);
    Map<NodeId, GraphNode> nodes = store.nodesAsOf(all, LATEST);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("graph");
          for (NodeId id : all) {
            boolean isJob = id.scheme() == NodeId.Scheme.JOB;
            g.writeStartObject();
            g.writeStringField("id", id.toString());
            g.writeStringField("type", isJob ? "JOB" : "DATASET");
            g.writeObjectFieldStart("data");
            Name n = name(id, nodes.get(id));
            writeId(g, n);
            g.writeStringField("type", isJob ? "BATCH" : "DB_TABLE");
            g.writeStringField("name", n.name());
            g.writeStringField("namespace", n.namespace());
            if (isJob) {
              datasetIds(g, "inputs", jobs.get(id).inputs(), nodes);
              datasetIds(g, "outputs", jobs.get(id).outputs(), nodes);
            }
            g.writeEndObject();
            edges(g, "inEdges", in.getOrDefault(id, List.of()), id, true);
            edges(g, "outEdges", out.getOrDefault(id, List.of()), id, false);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void columnLineage(Context ctx) {
    String raw = required(ctx, "nodeId");
    int depth = GraphRoutes.intParam(ctx, "depth", DEFAULT_DEPTH);
    boolean withDownstream = "true".equals(ctx.queryParam("withDownstream"));
    List<NodeId> fields = new ArrayList<>();
    if (raw.startsWith("datasetField:")) {
      NodeId f = NodeId.parse(raw, "nodeId");
      requireStored(f);
      fields.add(f);
    } else {
      NodeId ds = nodeId(ctx, Set.of(NodeId.Scheme.DATASET));
      requireStored(ds);
      Name n = name(ds, store.nodes(List.of(ds)).get(ds));
      for (String field : fieldNames(attributes(ds).get(OpenLineageProjector.A_FIELDS))) {
        OpenLineageProjector.columnId(n.namespace(), n.name(), field).ifPresent(fields::add);
      }
    }
    Map<NodeId, Set<NodeId>> derived = graph.columnLineage(fields, depth, withDownstream);
    Map<NodeId, Map<NodeId, Map<String, String>>> transformations = graph.transformations(derived);
    Map<NodeId, List<NodeId>> downstream = new HashMap<>();
    derived.forEach(
        (f, ins) -> ins.forEach(i -> downstream.computeIfAbsent(i, k -> new ArrayList<>()).add(f)));
    Map<NodeId, GraphNode> nodes = store.nodes(derived.keySet());
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("graph");
          for (Map.Entry<NodeId, Set<NodeId>> e : derived.entrySet()) {
            NodeId f = e.getKey();
            Field fd = field(f, nodes.get(f));
            g.writeStartObject();
            g.writeStringField("id", fd.marquezId());
            g.writeStringField("type", "DATASET_FIELD");
            g.writeObjectFieldStart("data");
            g.writeStringField("namespace", fd.namespace());
            g.writeStringField("dataset", fd.dataset());
            g.writeStringField("field", fd.field());
            Map<String, String> attrs = attributes(f);
            g.writeStringField("fieldType", text(attrs.get("openlineage:type")));
            g.writeArrayFieldStart("inputFields");
            for (NodeId i : e.getValue()) {
              Field in = field(i, nodes.get(i));
              g.writeStartObject();
              g.writeStringField("namespace", in.namespace());
              g.writeStringField("dataset", in.dataset());
              g.writeStringField("field", in.field());
              writeTransformations(g, transformations.getOrDefault(f, Map.of()).get(i));
              g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeArrayFieldStart("inEdges");
            for (NodeId i : e.getValue()) {
              edge(g, field(i, nodes.get(i)).marquezId(), fd.marquezId());
            }
            g.writeEndArray();
            g.writeArrayFieldStart("outEdges");
            for (NodeId o : downstream.getOrDefault(f, List.of())) {
              edge(g, fd.marquezId(), field(o, nodes.get(o)).marquezId());
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  // ---- namespaces, jobs, datasets, runs --------------------------------------------------------

  void namespaces(Context ctx) {
    Page page = page(ctx, DEFAULT_LIMIT);
    Set<String> names = new TreeSet<>();
    for (GraphNode n : store.searchNodes("job:", OpenLineageProjector.JOB, LIST_LIMIT)) {
      names.add(name(n.id(), n).namespace());
    }
    for (GraphNode n : store.searchNodes("dataset:", OpenLineageProjector.DATASET, LIST_LIMIT)) {
      names.add(name(n.id(), n).namespace());
    }
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", names.size());
          g.writeArrayFieldStart("namespaces");
          for (String ns : page.of(new ArrayList<>(names))) {
            g.writeStartObject();
            g.writeStringField("name", ns);
            g.writeStringField("ownerName", "anonymous");
            g.writeNullField("description");
            g.writeBooleanField("isHidden", false);
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void jobs(Context ctx) {
    String ns = ctx.pathParam("namespace");
    Page page = page(ctx, DEFAULT_LIMIT);
    List<GraphNode> all = inNamespace("job:", OpenLineageProjector.JOB, ns);
    List<GraphNode> jobs = page.of(all);
    Map<NodeId, JobIo> io = graph.io(jobs.stream().map(GraphNode::id).toList());
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", all.size());
          g.writeArrayFieldStart("jobs");
          for (GraphNode j : jobs) {
            writeJob(g, j, io.get(j.id()));
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void job(Context ctx) {
    NodeId id =
        NodeId.parse("job:" + ctx.pathParam("namespace") + ":" + ctx.pathParam("job"), "job");
    GraphNode j = requireStored(id);
    JobIo io = graph.io(List.of(id)).get(id);
    Json.send(ctx, 200, g -> writeJob(g, j, io));
  }

  void runs(Context ctx) {
    NodeId id =
        NodeId.parse("job:" + ctx.pathParam("namespace") + ":" + ctx.pathParam("job"), "job");
    Page page = page(ctx, DEFAULT_LIMIT);
    requireStored(id);
    List<Run> runs = new ArrayList<>();
    for (NodeId r : graph.runsOf(List.of(id)).get(id)) {
      runs.add(run(r));
    }
    runs.sort((a, b) -> b.sortKey().compareTo(a.sortKey()));
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", runs.size());
          g.writeArrayFieldStart("runs");
          for (Run r : page.of(runs)) {
            writeRun(g, r);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void run(Context ctx) {
    NodeId id = NodeId.parse("run:" + ctx.pathParam("id"), "id");
    GraphNode n = requireStored(id);
    if (!OpenLineageProjector.RUN.equals(n.type())) {
      throw InvalidInputException.notFound("id", "no OpenLineage run " + id);
    }
    Run r = run(id);
    Json.send(ctx, 200, g -> writeRun(g, r));
  }

  void datasets(Context ctx) {
    String ns = ctx.pathParam("namespace");
    Page page = page(ctx, DEFAULT_LIMIT);
    List<GraphNode> datasets = inNamespace("dataset:", OpenLineageProjector.DATASET, ns);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", datasets.size());
          g.writeArrayFieldStart("datasets");
          for (GraphNode d : page.of(datasets)) {
            writeDataset(g, d, attributes(d.id()), null, null);
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void dataset(Context ctx) {
    NodeId id = datasetPath(ctx);
    GraphNode d = requireStored(id);
    Json.send(ctx, 200, g -> writeDataset(g, d, attributes(id), null, null));
  }

  void versions(Context ctx) {
    NodeId id = datasetPath(ctx);
    Page page = page(ctx, DEFAULT_LIMIT);
    GraphNode d = requireStored(id);
    Map<NodeId, NodeId> versions = graph.versionsOf(id);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", versions.size());
          g.writeArrayFieldStart("versions");
          for (Map.Entry<NodeId, NodeId> v : page.of(new ArrayList<>(versions.entrySet()))) {
            writeDataset(g, d, attributes(v.getKey()), v.getKey(), v.getValue());
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  void search(Context ctx) {
    String q = required(ctx, "q");
    String filter = ctx.queryParam("filter");
    if (filter != null && !filter.equals("JOB") && !filter.equals("DATASET")) {
      throw InvalidInputException.badRequest("filter", "'filter' must be JOB or DATASET");
    }
    Page page = page(ctx, DEFAULT_SEARCH_LIMIT);
    List<GraphNode> hits = new ArrayList<>();
    if (filter == null || filter.equals("JOB")) {
      hits.addAll(store.searchNodes(q, OpenLineageProjector.JOB, LIST_LIMIT));
    }
    if (filter == null || filter.equals("DATASET")) {
      hits.addAll(store.searchNodes(q, OpenLineageProjector.DATASET, LIST_LIMIT));
    }
    List<GraphNode> shown = page.of(hits);
    Json.send(
        ctx,
        200,
        g -> {
          g.writeStartObject();
          g.writeNumberField("totalCount", hits.size());
          g.writeArrayFieldStart("results");
          for (GraphNode n : shown) {
            Name nm = name(n.id(), n);
            g.writeStartObject();
            g.writeStringField("type", n.id().scheme() == NodeId.Scheme.JOB ? "JOB" : "DATASET");
            g.writeStringField("name", nm.name());
            g.writeStringField("namespace", nm.namespace());
            g.writeStringField("nodeId", n.id().toString());
            g.writeStringField("updatedAt", latest(n.id()));
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  // ---- writers ---------------------------------------------------------------------------------

  private void writeJob(JsonGenerator g, GraphNode j, JobIo io) throws IOException {
    Name n = name(j.id(), j);
    Map<String, String> attrs = attributes(j.id());
    g.writeStartObject();
    writeId(g, n);
    g.writeStringField("type", "BATCH");
    g.writeStringField("name", n.name());
    g.writeStringField("simpleName", n.name());
    g.writeStringField("namespace", n.namespace());
    g.writeStringField("createdAt", earliest(j.id()));
    datasetIds(g, "inputs", io.inputs());
    datasetIds(g, "outputs", io.outputs());
    JsonNode scl = parse(attrs.get(OpenLineageProjector.A_FACET_PREFIX + "sourceCodeLocation"));
    g.writeStringField("location", scl == null ? null : scl.path("url").asText(null));
    JsonNode doc = parse(attrs.get(OpenLineageProjector.A_FACET_PREFIX + "documentation"));
    g.writeStringField("description", doc == null ? null : doc.path("description").asText(null));
    writeFacets(g, attrs);
    Set<NodeId> runs = graph.runsOf(List.of(j.id())).get(j.id());
    Optional<Run> latest =
        runs.stream().map(this::run).max((a, b) -> a.sortKey().compareTo(b.sortKey()));
    if (latest.isPresent()) {
      g.writeFieldName("latestRun");
      writeRun(g, latest.get());
    } else {
      g.writeNullField("latestRun");
    }
    g.writeEndObject();
  }

  private void writeDataset(
      JsonGenerator g,
      GraphNode d,
      Map<String, String> attrs,
      @Nullable NodeId version,
      @Nullable NodeId createdByRun)
      throws IOException {
    Name n = name(d.id(), d);
    g.writeStartObject();
    writeId(g, n);
    g.writeStringField("type", "DB_TABLE");
    g.writeStringField("name", n.name());
    g.writeStringField("physicalName", n.name());
    g.writeStringField("namespace", n.namespace());
    g.writeStringField("sourceName", n.namespace());
    g.writeStringField("createdAt", earliest(d.id()));
    if (version != null) {
      g.writeStringField("version", version.toString());
    }
    g.writeArrayFieldStart("fields");
    JsonNode fields = parse(attrs.get(OpenLineageProjector.A_FIELDS));
    if (fields != null) {
      for (JsonNode f : fields) {
        g.writeStartObject();
        g.writeStringField("name", f.path("name").asText());
        g.writeStringField("type", f.path("type").asText(null));
        g.writeStringField("description", f.path("description").asText(null));
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    JsonNode doc = parse(attrs.get(OpenLineageProjector.A_FACET_PREFIX + "documentation"));
    g.writeStringField("description", doc == null ? null : doc.path("description").asText(null));
    if (createdByRun != null) {
      g.writeFieldName("createdByRun");
      writeRun(g, run(createdByRun));
    }
    writeFacets(g, attrs);
    g.writeEndObject();
  }

  private void writeRun(JsonGenerator g, Run r) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", r.id().toString().substring("run:".length()));
    g.writeStringField("state", r.state() == null ? "NEW" : r.state().state());
    g.writeStringField("startedAt", r.startedAt());
    g.writeStringField("endedAt", r.endedAt());
    JsonNode nominal = r.nominal();
    g.writeStringField(
        "nominalStartTime", nominal == null ? null : nominal.path("nominalStartTime").asText(null));
    g.writeStringField(
        "nominalEndTime", nominal == null ? null : nominal.path("nominalEndTime").asText(null));
    if (r.job() != null) {
      Name jn = name(r.job(), null);
      g.writeObjectFieldStart("jobVersion");
      g.writeStringField("namespace", jn.namespace());
      g.writeStringField("name", jn.name());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private void writeFacets(JsonGenerator g, Map<String, String> attrs) throws IOException {
    g.writeObjectFieldStart("facets");
    for (Map.Entry<String, String> a : new java.util.TreeMap<>(attrs).entrySet()) {
      if (a.getKey().startsWith(OpenLineageProjector.A_FACET_PREFIX)) {
        g.writeFieldName(a.getKey().substring(OpenLineageProjector.A_FACET_PREFIX.length()));
        g.writeRawValue(a.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void writeId(JsonGenerator g, Name n) throws IOException {
    g.writeObjectFieldStart("id");
    g.writeStringField("namespace", n.namespace());
    g.writeStringField("name", n.name());
    g.writeEndObject();
  }

  private void datasetIds(JsonGenerator g, String field, Collection<NodeId> ids)
      throws IOException {
    datasetIds(g, field, ids, store.nodes(ids));
  }

  private static void datasetIds(
      JsonGenerator g, String field, Collection<NodeId> ids, Map<NodeId, GraphNode> nodes)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (NodeId d : ids) {
      Name n = name(d, nodes.get(d));
      g.writeStartObject();
      g.writeStringField("namespace", n.namespace());
      g.writeStringField("name", n.name());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void edges(
      JsonGenerator g, String field, List<NodeId> others, NodeId self, boolean incoming)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (NodeId o : others) {
      edge(g, incoming ? o.toString() : self.toString(), incoming ? self.toString() : o.toString());
    }
    g.writeEndArray();
  }

  private static void edge(JsonGenerator g, String origin, String destination) throws IOException {
    g.writeStartObject();
    g.writeStringField("origin", origin);
    g.writeStringField("destination", destination);
    g.writeEndObject();
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Marquez's paging: {@code limit} items from {@code offset}, both non-negative. */
  record Page(int limit, int offset) {
    <T> List<T> of(List<T> all) {
      int from = Math.min(offset, all.size());
      return all.subList(from, Math.min(all.size(), from + limit));
    }
  }

  private static Page page(Context ctx, int defaultLimit) {
    Long limit = Params.optionalLong(ctx, "limit");
    Long offset = Params.optionalLong(ctx, "offset");
    if (limit != null && limit > LIST_LIMIT) {
      throw InvalidInputException.badRequest("limit", "'limit' must be in [0, " + LIST_LIMIT + "]");
    }
    if (offset != null && offset > Integer.MAX_VALUE) {
      throw InvalidInputException.badRequest("offset", "'offset' is too large");
    }
    return new Page(
        limit == null ? defaultLimit : limit.intValue(), offset == null ? 0 : offset.intValue());
  }

  /** A job's or dataset's namespace and name, from its id and the name its events gave. */
  record Name(String namespace, String name) {}

  static Name name(NodeId id, @Nullable GraphNode node) {
    String s = id.toString();
    String rest = s.substring(s.indexOf(':') + 1);
    if (node != null && node.name() != null && rest.endsWith(":" + node.name())) {
      return new Name(rest.substring(0, rest.length() - node.name().length() - 1), node.name());
    }
    int sep = rest.lastIndexOf(':');
    return new Name(rest.substring(0, sep), rest.substring(sep + 1));
  }

  /** A column: Marquez's id and its parts, from the dataset the column belongs to. */
  record Field(String marquezId, String namespace, String dataset, String field) {}

  private Field field(NodeId id, @Nullable GraphNode node) {
    String s = id.toString();
    String fieldName =
        node != null && node.name() != null ? node.name() : s.substring(s.lastIndexOf(':') + 1);
    // The column's dataset, as its events named it; else read from the id (which loses nothing
    // but the split between namespace and name when either holds a ':').
    String stated = text(attributes(id).get(OpenLineageProjector.A_DATASET));
    NodeId dataset =
        NodeId.parse(
            stated != null
                ? stated
                : "dataset:"
                    + s.substring("datasetfield:".length(), s.length() - fieldName.length() - 1),
            "field");
    Name ds = name(dataset, store.nodes(List.of(dataset)).get(dataset));
    return new Field(
        "datasetField:" + ds.namespace() + ":" + ds.name() + ":" + fieldName,
        ds.namespace(),
        ds.name(),
        fieldName);
  }

  /**
   * An input field's transformations as Marquez answers them: {@code transformations} (facet 1-0-1
   * and later), and {@code transformationType} / {@code transformationDescription}, from facet
   * 1-0-0's members when stated, else from the first transformation.
   */
  private static void writeTransformations(JsonGenerator g, @Nullable Map<String, String> attrs)
      throws IOException {
    if (attrs == null) {
      return;
    }
    JsonNode list = parse(attrs.get(OpenLineageProjector.A_TRANSFORMATIONS));
    if (list != null) {
      g.writeFieldName("transformations");
      Json.MAPPER.writeTree(g, list);
    }
    JsonNode first = list == null ? Json.MAPPER.missingNode() : list.path(0);
    String type = text(attrs.get(OpenLineageProjector.A_TRANSFORMATION_TYPE));
    String description = text(attrs.get(OpenLineageProjector.A_TRANSFORMATION_DESCRIPTION));
    g.writeStringField("transformationType", type != null ? type : first.path("type").asText(null));
    g.writeStringField(
        "transformationDescription",
        description != null ? description : first.path("description").asText(null));
  }

  record Run(
      NodeId id,
      @Nullable RunState state,
      @Nullable String startedAt,
      @Nullable String endedAt,
      @Nullable JsonNode nominal,
      @Nullable NodeId job) {
    String sortKey() {
      return startedAt != null ? startedAt : state != null ? state.at().toString() : "";
    }
  }

  private Run run(NodeId id) {
    Map<String, String> attrs = attributes(id);
    String job = text(attrs.get(OpenLineageProjector.A_JOB));
    return new Run(
        id,
        RunState.of(attrs).orElse(null),
        text(attrs.get("prov:startTime")),
        text(attrs.get("prov:endTime")),
        parse(attrs.get(OpenLineageProjector.A_FACET_PREFIX + "nominalTime")),
        job == null ? null : NodeId.parse(job, "job"));
  }

  /** Each attribute of {@code id} as of the latest event time that stated it. */
  private Map<String, String> attributes(NodeId id) {
    return graph.attributes(id);
  }

  private List<GraphNode> inNamespace(String prefix, String type, String ns) {
    List<GraphNode> out = new ArrayList<>();
    for (GraphNode n : store.searchNodes(prefix + ns + ":", type, LIST_LIMIT)) {
      if (name(n.id(), n).namespace().equals(ns)) {
        out.add(n);
      }
    }
    return out;
  }

  private NodeId datasetPath(Context ctx) {
    return NodeId.parse(
        "dataset:" + ctx.pathParam("namespace") + ":" + ctx.pathParam("dataset"), "dataset");
  }

  private GraphNode requireStored(NodeId id) {
    // nodesAsOf at the latest size is nodes() (latest non-null type and name), and the SQLite
    // store answers it from its in-memory index rather than a statement.
    GraphNode n = store.nodesAsOf(List.of(id), LATEST).get(id);
    if (n == null) {
      throw InvalidInputException.notFound("nodeId", "no node " + id + " in the graph");
    }
    return n;
  }

  private static NodeId nodeId(Context ctx, Set<NodeId.Scheme> allowed) {
    NodeId id = NodeId.parse(required(ctx, "nodeId"), "nodeId");
    if (!allowed.contains(id.scheme())) {
      throw InvalidInputException.badRequest(
          "nodeId",
          "'nodeId' must be a " + (allowed.size() > 1 ? "job: or dataset:" : "dataset:") + " id");
    }
    return id;
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      throw InvalidInputException.badRequest(name, "query parameter '" + name + "' is required");
    }
    return v;
  }

  /**
   * When a job or dataset was created, as Marquez says it: the earliest event time of the events
   * that name it, whatever order they arrived in.
   */
  private @Nullable String earliest(NodeId id) {
    return store.claimedSpan(id).map(ClaimedSpan::earliest).map(Instant::toString).orElse(null);
  }

  /** When it was last updated: the latest event time of the events that name it. */
  private @Nullable String latest(NodeId id) {
    return store.claimedSpan(id).map(ClaimedSpan::latest).map(Instant::toString).orElse(null);
  }

  private static List<String> fieldNames(@Nullable String fieldsJson) {
    JsonNode f = parse(fieldsJson);
    List<String> out = new ArrayList<>();
    if (f != null) {
      for (JsonNode x : f) {
        out.add(x.path("name").asText(""));
      }
    }
    return out;
  }

  private static @Nullable JsonNode parse(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private static @Nullable String text(@Nullable String json) {
    JsonNode n = parse(json);
    return n == null || !n.isTextual() ? null : n.asText();
  }
}
