package dev.custody.ingest.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.CanonicalJson;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import dev.custody.model.Rfc3339;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Maps one (validated) OpenLineage event to the PROV statements it makes (docs/OPENLINEAGE.md):
 *
 * <ul>
 *   <li>a job is a plan entity {@code job:<ns>:<name>} ({@value #JOB}); a run is an activity {@code
 *       run:<uuid>} ({@value #RUN}) that {@code used} its job; the parent run facet gives {@code
 *       run wasInformedBy parent};
 *   <li>each input is {@code used}; each output is a new dataset version ({@value #VERSION}, one
 *       per run and dataset) that {@code wasGeneratedBy} the run and is a {@code specializationOf}
 *       the dataset;
 *   <li>the schema facet gives column entities {@code datasetField:<ns>:<name>:<field>}; the
 *       column-lineage facet gives {@code column wasDerivedFrom column}, its transformations kept
 *       as attributes of that edge (and the facet's entry on the output column);
 *   <li>a JobEvent's declared inputs and outputs give {@code job wasDerivedFrom input} and {@code
 *       output wasDerivedFrom job};
 *   <li>the source-code-location facet of a git job gives {@code run used git+<repo>@<sha>};
 *   <li>ownership facets give agents: {@code job wasAttributedTo owner}, {@code run
 *       wasAssociatedWith owner}, {@code dataset wasAttributedTo owner}.
 * </ul>
 *
 * The run's event times are kept as one attribute per event type ({@code openlineage:event:START}),
 * so what is stated does not depend on the order events arrive in, and the run's state is the type
 * of its latest event by event time. Thread safe.
 */
public final class OpenLineageProjector {
  public static final String RUN = "openlineage-run";
  public static final String JOB = "openlineage-job";
  public static final String DATASET = "openlineage-dataset";
  public static final String VERSION = "openlineage-dataset-version";
  public static final String COLUMN = "openlineage-column";
  public static final String OWNER = "openlineage-owner";

  /** Attribute names. */
  public static final String A_NAMESPACE = "openlineage:namespace";

  public static final String A_JOB = "openlineage:job";
  public static final String A_DATASET = "openlineage:dataset";
  public static final String A_RUN = "openlineage:run";
  public static final String A_EVENT_PREFIX = "openlineage:event:";
  public static final String A_FIELDS = "openlineage:fields";
  public static final String A_FACET_PREFIX = "openlineage:facet:";
  public static final String A_COLUMN_LINEAGE = "openlineage:columnLineage";

  /**
   * Attributes of a column's {@code wasDerivedFrom} edge: the facet's {@code transformations} for
   * that input field (a JSON array of {@code type}, {@code subtype}, {@code description}, {@code
   * masking}), and facet 1-0-0's {@code transformationType} / {@code transformationDescription}.
   */
  public static final String A_TRANSFORMATIONS = "openlineage:transformations";

  public static final String A_TRANSFORMATION_TYPE = "openlineage:transformationType";
  public static final String A_TRANSFORMATION_DESCRIPTION = "openlineage:transformationDescription";

  /** Who an event is attributed to when its producer is not a usable IRI. */
  public static final NodeId FALLBACK_PRODUCER =
      NodeId.parse("urn:custody:producer:openlineage", "producer");

  private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

  private final ObjectMapper json = new ObjectMapper();

  /**
   * The statements of one event (which the caller has validated).
   *
   * @throws InvalidInputException naming the member, for what the schema allows but an id cannot
   *     hold (an empty namespace, a run id that is not a UUID, white space in a name)
   */
  public ProvRecord project(JsonNode event) {
    Builder b = new Builder();
    Instant time = time(event.path("eventTime").asText(""), "/eventTime");
    switch (OpenLineageValidator.typeOf(event)) {
      case RUN_EVENT -> runEvent(b, event, time);
      case DATASET_EVENT -> dataset(b, event.path("dataset"), "/dataset", null);
      case JOB_EVENT -> jobEvent(b, event, time);
    }
    return new ProvRecord(
        producer(event.path("producer").asText("")),
        time,
        java.util.List.copyOf(b.nodes.values()),
        java.util.List.copyOf(b.edges));
  }

  private void runEvent(Builder b, JsonNode event, Instant time) {
    JsonNode run = event.path("run");
    JsonNode job = event.path("job");
    NodeId runId = runId(run.path("runId").asText(""), "/run/runId");
    NodeId jobId = job(b, job, "/job");
    Map<String, String> attrs = new HashMap<>();
    attrs.put(A_JOB, quote(jobId.toString()));
    String type = event.path("eventType").asText("");
    if (!type.isEmpty()) {
      attrs.put(A_EVENT_PREFIX + type, quote(event.path("eventTime").asText()));
    }
    JsonNode facets = run.path("facets");
    for (String keep : new String[] {"nominalTime", "errorMessage", "processing_engine"}) {
      if (facets.has(keep)) {
        attrs.put(A_FACET_PREFIX + keep, canonical(facets.get(keep)));
      }
    }
    Instant started = type.equals("START") ? time : null;
    Instant ended =
        type.equals("COMPLETE") || type.equals("FAIL") || type.equals("ABORT") ? time : null;
    b.node(new Node(runId, Kind.ACTIVITY, RUN, job.path("name").asText(), attrs, started, ended));
    b.edge(runId, Relation.USED, jobId, time);
    parent(b, facets.path("parent"), runId, time);
    for (NodeId owner : owners(b, job.path("facets").path("ownership"))) {
      b.edge(runId, Relation.WAS_ASSOCIATED_WITH, owner, time);
    }
    commit(b, job.path("facets").path("sourceCodeLocation"))
        .ifPresent(c -> b.edge(runId, Relation.USED, c, time));
    JsonNode inputs = event.path("inputs");
    for (int i = 0; i < inputs.size(); i++) {
      NodeId in = dataset(b, inputs.get(i), "/inputs/" + i, null);
      b.edge(runId, Relation.USED, in, time);
    }
    JsonNode outputs = event.path("outputs");
    for (int i = 0; i < outputs.size(); i++) {
      NodeId version = versionId(runId, outputs.get(i));
      NodeId out = dataset(b, outputs.get(i), "/outputs/" + i, version);
      b.edge(version, Relation.WAS_GENERATED_BY, runId, time);
      b.edge(version, Relation.SPECIALIZATION_OF, out, time);
    }
  }

  /**
   * A JobEvent declares a job's inputs and outputs without a run, so there is no activity to use or
   * generate them: the plan itself is related to them, {@code job wasDerivedFrom input} and {@code
   * output wasDerivedFrom job} (entity to entity, as PROV allows), which also puts the declared
   * inputs upstream of the declared outputs in Custody's own lineage.
   */
  private void jobEvent(Builder b, JsonNode event, Instant time) {
    NodeId jobId = job(b, event.path("job"), "/job");
    JsonNode inputs = event.path("inputs");
    for (int i = 0; i < inputs.size(); i++) {
      NodeId in = dataset(b, inputs.get(i), "/inputs/" + i, null);
      b.edge(jobId, Relation.WAS_DERIVED_FROM, in, time);
    }
    JsonNode outputs = event.path("outputs");
    for (int i = 0; i < outputs.size(); i++) {
      NodeId out = dataset(b, outputs.get(i), "/outputs/" + i, null);
      b.edge(out, Relation.WAS_DERIVED_FROM, jobId, time);
    }
    commit(b, event.path("job").path("facets").path("sourceCodeLocation"))
        .ifPresent(c -> b.edge(jobId, Relation.WAS_DERIVED_FROM, c, time));
  }

  private NodeId job(Builder b, JsonNode job, String at) {
    String ns = nonEmpty(job, "namespace", at);
    String name = nonEmpty(job, "name", at);
    NodeId id = NodeId.parse("job:" + ns + ":" + name, at + "/name");
    Map<String, String> attrs = new HashMap<>();
    attrs.put(A_NAMESPACE, quote(ns));
    JsonNode facets = job.path("facets");
    for (String keep :
        new String[] {"documentation", "sql", "sourceCodeLocation", "jobType", "ownership"}) {
      if (facets.has(keep)) {
        attrs.put(A_FACET_PREFIX + keep, canonical(facets.get(keep)));
      }
    }
    b.node(new Node(id, Kind.ENTITY, JOB, name, attrs, null, null));
    for (NodeId owner : owners(b, facets.path("ownership"))) {
      b.edge(id, Relation.WAS_ATTRIBUTED_TO, owner, null);
    }
    return id;
  }

  /** States a dataset (and, for an output, its version); answers the dataset's id. */
  private NodeId dataset(Builder b, JsonNode ds, String at, @Nullable NodeId version) {
    String ns = nonEmpty(ds, "namespace", at);
    String name = nonEmpty(ds, "name", at);
    NodeId id = NodeId.parse("dataset:" + ns + ":" + name, at + "/name");
    JsonNode facets = ds.path("facets");
    Map<String, String> attrs = new HashMap<>();
    attrs.put(A_NAMESPACE, quote(ns));
    JsonNode fields = facets.path("schema").path("fields");
    if (fields.isArray()) {
      attrs.put(A_FIELDS, canonical(fields));
    }
    for (String keep :
        new String[] {"documentation", "dataSource", "symlinks", "lifecycleStateChange"}) {
      if (facets.has(keep)) {
        attrs.put(A_FACET_PREFIX + keep, canonical(facets.get(keep)));
      }
    }
    b.node(new Node(id, Kind.ENTITY, DATASET, name, attrs, null, null));
    if (version != null) {
      Map<String, String> v = new HashMap<>(attrs);
      v.put(A_DATASET, quote(id.toString()));
      v.put(
          A_RUN,
          quote(
              version.toString().substring(VERSION_PREFIX.length(), VERSION_PREFIX.length() + 36)));
      b.node(new Node(version, Kind.ENTITY, VERSION, name, v, null, null));
    }
    for (int i = 0; i < fields.size(); i++) {
      JsonNode f = fields.get(i);
      columnId(ns, name, f.path("name").asText(""))
          .ifPresent(c -> {
            Map<String, String> ca = new HashMap<>();
            ca.put(A_DATASET, quote(id.toString()));
            if (f.hasNonNull("type")) {
              ca.put("openlineage:type", quote(f.get("type").asText()));
            }
            b.node(new Node(c, Kind.ENTITY, COLUMN, f.path("name").asText(), ca, null, null));
          });
    }
    columnLineage(b, ns, name, id, facets.path("columnLineage").path("fields"));
    for (NodeId owner : owners(b, facets.path("ownership"))) {
      b.edge(id, Relation.WAS_ATTRIBUTED_TO, owner, null);
    }
    return id;
  }

  private void columnLineage(Builder b, String ns, String name, NodeId dataset, JsonNode fields) {
    if (!fields.isObject()) {
      return;
    }
    fields
        .properties()
        .forEach(e -> {
          var out = columnId(ns, name, e.getKey());
          if (out.isEmpty()) {
            return;
          }
          Map<String, String> attrs = new HashMap<>();
          attrs.put(A_DATASET, quote(dataset.toString()));
          attrs.put(A_COLUMN_LINEAGE, canonical(e.getValue()));
          b.node(new Node(out.get(), Kind.ENTITY, COLUMN, e.getKey(), attrs, null, null));
          JsonNode inputs = e.getValue().path("inputFields");
          Map<String, String> older = olderTransformation(e.getValue());
          for (JsonNode in : inputs) {
            String ins = in.path("namespace").asText("");
            String inn = in.path("name").asText("");
            var inCol = columnId(ins, inn, in.path("field").asText(""));
            if (inCol.isEmpty() || ins.isEmpty() || inn.isEmpty()) {
              continue;
            }
            Map<String, String> ia = new HashMap<>();
            ia.put(A_DATASET, quote("dataset:" + ins + ":" + inn));
            b.node(
                new Node(
                    inCol.get(), Kind.ENTITY, COLUMN, in.path("field").asText(), ia, null, null));
            Map<String, String> ea = new HashMap<>(older);
            if (in.has("transformations")) {
              ea.put(A_TRANSFORMATIONS, canonical(in.get("transformations")));
            }
            b.edge(out.get(), Relation.WAS_DERIVED_FROM, inCol.get(), null, ea);
          }
        });
  }

  /**
   * Column-lineage facet 1-0-0 states one transformation for the whole output field ({@code
   * transformationType}, {@code transformationDescription}); kept on each of its edges.
   */
  private static Map<String, String> olderTransformation(JsonNode field) {
    Map<String, String> out = new HashMap<>();
    if (field.path("transformationType").isTextual()) {
      out.put(A_TRANSFORMATION_TYPE, quote(field.get("transformationType").asText()));
    }
    if (field.path("transformationDescription").isTextual()) {
      out.put(A_TRANSFORMATION_DESCRIPTION, quote(field.get("transformationDescription").asText()));
    }
    return out;
  }

  private java.util.List<NodeId> owners(Builder b, JsonNode ownership) {
    java.util.List<NodeId> out = new java.util.ArrayList<>();
    for (JsonNode o : ownership.path("owners")) {
      String name = o.path("name").asText("");
      if (name.isEmpty()) {
        continue;
      }
      NodeId id = ownerId(name);
      b.node(new Node(id, Kind.AGENT, OWNER, name, Map.of(), null, null));
      out.add(id);
    }
    return out;
  }

  private java.util.Optional<NodeId> commit(Builder b, JsonNode scl) {
    String version = scl.path("version").asText("");
    String repo = scl.path("repoUrl").asText(scl.path("url").asText(""));
    if (!scl.path("type").asText("").equalsIgnoreCase("git")
        || !COMMIT.matcher(version).matches()
        || repo.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      NodeId id = NodeId.parse("git+" + repo + "@" + version, "sourceCodeLocation");
      b.node(new Node(id, Kind.ENTITY, "git-commit", null, Map.of(), null, null));
      return java.util.Optional.of(id);
    } catch (InvalidInputException e) {
      return java.util.Optional.empty();
    }
  }

  private void parent(Builder b, JsonNode parent, NodeId child, Instant time) {
    if (!parent.isObject()) {
      return;
    }
    NodeId parentRun =
        runId(parent.path("run").path("runId").asText(""), "/run/facets/parent/run/runId");
    NodeId parentJob = job(b, parent.path("job"), "/run/facets/parent/job");
    b.node(
        new Node(
            parentRun,
            Kind.ACTIVITY,
            RUN,
            parent.path("job").path("name").asText(),
            Map.of(A_JOB, quote(parentJob.toString())),
            null,
            null));
    b.edge(parentRun, Relation.USED, parentJob, null);
    b.edge(child, Relation.WAS_INFORMED_BY, parentRun, time);
  }

  static final String VERSION_PREFIX = "urn:custody:openlineage:version:";

  /** The id of the version of an output dataset that a run generated. */
  static NodeId versionId(NodeId run, JsonNode ds) {
    String uuid = run.toString().substring("run:".length());
    return NodeId.parse(
        VERSION_PREFIX
            + uuid
            + ":"
            + enc(ds.path("namespace").asText(""))
            + ":"
            + enc(ds.path("name").asText("")),
        "/outputs");
  }

  /** The Marquez-style id of a column; empty when an IRI cannot hold it. */
  public static java.util.Optional<NodeId> columnId(String ns, String name, String field) {
    if (field.isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(
          NodeId.parse("datasetField:" + ns + ":" + name + ":" + field, "field"));
    } catch (InvalidInputException e) {
      return java.util.Optional.empty();
    }
  }

  private static NodeId ownerId(String name) {
    try {
      NodeId id = NodeId.parse(name, "owner");
      if (id.scheme() == NodeId.Scheme.IRI) {
        return id;
      }
    } catch (InvalidInputException e) {
      // not an IRI: named below
    }
    return NodeId.parse("urn:custody:openlineage:owner:" + enc(name), "owner");
  }

  private static NodeId producer(String raw) {
    try {
      NodeId id = NodeId.parse(raw, "/producer");
      return id.scheme() == NodeId.Scheme.IRI ? id : FALLBACK_PRODUCER;
    } catch (InvalidInputException e) {
      return FALLBACK_PRODUCER;
    }
  }

  private static NodeId runId(String raw, String at) {
    try {
      UUID u = UUID.fromString(raw);
      if (!u.toString().equalsIgnoreCase(raw)) {
        throw new IllegalArgumentException("not canonical");
      }
      return NodeId.parse("run:" + u, at);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest(
          at, "run ids must be UUIDs (8-4-4-4-12 hex digits), got '" + shorten(raw) + "'");
    }
  }

  private static Instant time(String raw, String at) {
    Instant everyday = Rfc3339.read(raw);
    if (everyday != null) {
      return everyday;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      // The Python client's own example sends local times; they are read as UTC.
    }
    try {
      return java.time.LocalDateTime.parse(raw).toInstant(java.time.ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw InvalidInputException.badRequest(
          at, "must be an ISO-8601 date-time with an offset, got '" + shorten(raw) + "'");
    }
  }

  private static String nonEmpty(JsonNode parent, String member, String at) {
    String v = parent.path(member).asText("");
    if (v.isEmpty()) {
      throw InvalidInputException.badRequest(at + "/" + member, "must be a non-empty string");
    }
    return v;
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * A string as RFC 8785 writes it (ECMAScript's JSON.stringify: quote, backslash and control
   * characters escaped, short forms where they exist, lower-case hex), without a canonicalizer
   * round trip: attribute values are most of the projection's work.
   */
  static String quote(String s) {
    return CanonicalJson.quote(s);
  }

  private static String canonical(JsonNode node) {
    try {
      return CanonicalJson.text(node);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest("", "unreadable facet: " + e.getMessage());
    }
  }

  /** Nodes by id (a later statement of the same node adds its attributes) and distinct edges. */
  private static final class Builder {
    final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    final Set<Edge> edges = new LinkedHashSet<>();

    void node(Node n) {
      Node old = nodes.get(n.id());
      if (old == null) {
        nodes.put(n.id(), n);
        return;
      }
      Map<String, String> attrs = new HashMap<>(old.attributes());
      attrs.putAll(n.attributes());
      nodes.put(
          n.id(),
          new Node(
              n.id(),
              old.kind(),
              old.type() != null ? old.type() : n.type(),
              old.name() != null ? old.name() : n.name(),
              attrs,
              old.startedAt() != null ? old.startedAt() : n.startedAt(),
              old.endedAt() != null ? old.endedAt() : n.endedAt()));
    }

    void edge(NodeId s, Relation r, NodeId o, @Nullable Instant t) {
      edge(s, r, o, t, Map.of());
    }

    void edge(NodeId s, Relation r, NodeId o, @Nullable Instant t, Map<String, String> attrs) {
      edges.add(new Edge(s, r, o, t, attrs));
    }
  }
}
