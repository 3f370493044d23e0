package dev.custody.ingest.nativerecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.CanonicalJson;
import dev.custody.ingest.JsonPointers;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import dev.custody.model.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads native records. A record whose {@code _type} is {@link #TYPE} must be a valid native
 * record, or it is refused naming the member by JSON pointer: unknown members, malformed ids,
 * unknown relation names, relation ends of the wrong kind, ends not declared in the same record,
 * times that are not RFC 3339, a node declared twice. Any other JSON object is an opaque record
 * ({@link #read} answers empty). Thread safe.
 */
public final class NativeRecordParser {
  /** The {@code _type} of a native record. */
  public static final String TYPE = "https://custody.dev/record/v1";

  private static final int MAX_ITEMS = 10_000;
  private static final int MAX_TEXT = 1_000;
  private static final Set<String> TOP = Set.of("_type", "producer", "time", "nodes", "relations");
  private static final Set<String> NODE =
      Set.of("id", "kind", "type", "name", "attributes", "startedAt", "endedAt");
  private static final Set<String> EDGE =
      Set.of("relation", "subject", "object", "time", "attributes");

  /**
   * RFC 3339's date-time: seconds required, an offset of hours and minutes. {@link
   * OffsetDateTime#parse} alone would also take a time without seconds or an offset with seconds;
   * the schema ({@code record.schema.json}) holds the same pattern.
   */
  private static final Pattern RFC_3339 =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})");

  /**
   * Classpath resource of the JSON Schema of a native record, served at /v1/schemas/record.json.
   */
  public static final String SCHEMA_RESOURCE =
      "/dev/custody/ingest/nativerecord/record.schema.json";

  private final ObjectMapper json = new ObjectMapper();

  /** The provenance a record states, or empty when it is not a native record. */
  public Optional<ProvRecord> read(byte[] canonicalRecord) {
    JsonNode root;
    try {
      root = json.readTree(canonicalRecord);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "record is not JSON: " + e.getMessage());
    }
    return read(root);
  }

  /** Like {@link #read(byte[])}, for a record already parsed. */
  public Optional<ProvRecord> read(JsonNode root) {
    JsonNode type = root.get("_type");
    if (type == null || !type.isTextual() || !type.asText().equals(TYPE)) {
      return Optional.empty();
    }
    return Optional.of(parse(root));
  }

  /**
   * The JSON pointer, relative to a valid native record, of the member that gives {@code id} its
   * kind: {@code /nodes/<i>/kind} where the record declares it, else {@code /producer}; for a bare
   * digest implied by an image id, the image's declaration. For a record that is not native (a
   * PROV-JSON document, say), the empty pointer: the whole record.
   */
  public String kindPointer(byte[] canonicalRecord, NodeId id) {
    JsonNode nodes;
    try {
      JsonNode root = json.readTree(canonicalRecord);
      if (!TYPE.equals(root.path("_type").asText())) {
        return "";
      }
      nodes = root.path("nodes");
    } catch (IOException e) {
      return "";
    }
    for (int i = 0; i < nodes.size(); i++) {
      NodeId declared = NodeId.parse(nodes.get(i).path("id").asText(), "/nodes/" + i + "/id");
      if (declared.equals(id) || declared.digestAlias().map(id::equals).orElse(false)) {
        return "/nodes/" + i + "/kind";
      }
    }
    return "/producer";
  }

  private ProvRecord parse(JsonNode root) {
    onlyMembers(root, TOP, "");
    String producerText = text(required(root, "producer"), "/producer");
    NodeId producer = NodeId.parse(producerText, "/producer");
    Instant time = time(required(root, "time"), "/time");
    // The ids parsed so far by their text: an edge's ends repeat its record's node ids, and are
    // found here instead of parsed again (a third of the ids a record names).
    Map<String, NodeId> parsed = new HashMap<>();
    parsed.put(producerText, producer);
    Map<NodeId, Node> nodes = new LinkedHashMap<>();
    nodes.put(producer, new Node(producer, Kind.AGENT, null, null, Map.of(), null, null));
    JsonNode list = array(root.get("nodes"), "/nodes");
    for (int i = 0; i < list.size(); i++) {
      Node n;
      try {
        n = node(list.get(i), parsed);
      } catch (InvalidInputException e) {
        throw e.under("/nodes/" + i);
      }
      Node before = nodes.put(n.id(), n);
      if (before != null && !(before.id().equals(producer) && n.kind() == Kind.AGENT)) {
        throw InvalidInputException.badRequest(
            "/nodes/" + i + "/id", "node " + n.id() + " is declared twice in this record");
      }
    }
    List<Edge> edges = new ArrayList<>();
    JsonNode rels = array(root.get("relations"), "/relations");
    for (int i = 0; i < rels.size(); i++) {
      try {
        edges.add(edge(rels.get(i), nodes, parsed));
      } catch (InvalidInputException e) {
        throw e.under("/relations/" + i);
      }
    }
    return new ProvRecord(producer, time, List.copyOf(nodes.values()), edges);
  }

  // A node's and an edge's members are named relative to the item (constant pointers such as
  // "/kind": building "/nodes/" + i + "/kind" for every member of every item was a twentieth of a
  // request's CPU in batched ingest); parse puts the item's own pointer before a refusal's.

  /** The node {@code n} declares; its id is filed in {@code parsed} by its text. */
  private Node node(JsonNode n, Map<String, NodeId> parsed) {
    object(n, "");
    onlyMembers(n, NODE, "");
    String idText = text(required(n, "id"), "/id");
    NodeId id = NodeId.parse(idText, "/id");
    parsed.put(idText, id);
    String kindName = text(required(n, "kind"), "/kind");
    Kind kind =
        Kind.named(kindName)
            .orElseThrow(() ->
                InvalidInputException.badRequest(
                    "/kind", "kind must be entity, activity or agent, not '" + kindName + "'"));
    Instant started = optionalTime(n.get("startedAt"), "/startedAt");
    Instant ended = optionalTime(n.get("endedAt"), "/endedAt");
    if ((started != null || ended != null) && kind != Kind.ACTIVITY) {
      throw InvalidInputException.badRequest(
          started != null ? "/startedAt" : "/endedAt", "only activities have start and end times");
    }
    if (started != null && ended != null && ended.isBefore(started)) {
      throw InvalidInputException.badRequest("/endedAt", "an activity cannot end before it starts");
    }
    return new Node(
        id,
        kind,
        optionalText(n.get("type"), "/type"),
        optionalText(n.get("name"), "/name"),
        attributes(n.get("attributes"), "/attributes"),
        started,
        ended);
  }

  private Edge edge(JsonNode e, Map<NodeId, Node> declared, Map<String, NodeId> parsed) {
    object(e, "");
    onlyMembers(e, EDGE, "");
    String name = text(required(e, "relation"), "/relation");
    Relation relation =
        Relation.named(name)
            .orElseThrow(() ->
                InvalidInputException.badRequest("/relation", "unknown relation '" + name + "'"));
    NodeId subject =
        end(e, "subject", "/subject", declared, parsed, relation.subjectKind(), relation);
    NodeId object = end(e, "object", "/object", declared, parsed, relation.objectKind(), relation);
    return new Edge(
        subject,
        relation,
        object,
        optionalTime(e.get("time"), "/time"),
        attributes(e.get("attributes"), "/attributes"));
  }

  private NodeId end(
      JsonNode e,
      String member,
      String field,
      Map<NodeId, Node> declared,
      Map<String, NodeId> parsed,
      Kind want,
      Relation r) {
    String text = text(required(e, member), field);
    NodeId known = parsed.get(text);
    NodeId id = known != null ? known : NodeId.parse(text, field);
    Node node = declared.get(id);
    if (node == null) {
      throw InvalidInputException.badRequest(
          field, "node " + id + " is not declared in this record's nodes");
    }
    if (node.kind() != want) {
      throw InvalidInputException.badRequest(
          field,
          "the "
              + member
              + " of "
              + r.label()
              + " must be an "
              + want.label()
              + ", and "
              + id
              + " is an "
              + node.kind().label());
    }
    return id;
  }

  private Map<String, String> attributes(@Nullable JsonNode a, String at) {
    if (a == null) {
      return Map.of();
    }
    object(a, at);
    Map<String, String> out = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = a.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().isEmpty() || f.getKey().length() > 200) {
        throw InvalidInputException.badRequest(at, "attribute names are 1 to 200 characters");
      }
      try {
        out.put(f.getKey(), CanonicalJson.text(f.getValue()));
      } catch (IllegalArgumentException ex) {
        throw InvalidInputException.badRequest(
            at + "/" + JsonPointers.token(f.getKey()), "unreadable attribute value");
      }
    }
    return out;
  }

  private static JsonNode required(JsonNode parent, String member) {
    JsonNode v = parent.get(member);
    if (v == null || v.isNull()) {
      throw InvalidInputException.badRequest("/" + member, "'" + member + "' is required");
    }
    return v;
  }

  private static JsonNode array(@Nullable JsonNode v, String at) {
    if (v == null) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    }
    if (!v.isArray()) {
      throw InvalidInputException.badRequest(at, "must be an array");
    }
    if (v.size() > MAX_ITEMS) {
      throw InvalidInputException.tooLarge(at, "at most " + MAX_ITEMS + " items");
    }
    return v;
  }

  private static void object(JsonNode v, String at) {
    if (!v.isObject()) {
      throw InvalidInputException.badRequest(at, "must be an object");
    }
  }

  private static void onlyMembers(JsonNode v, Set<String> allowed, String at) {
    Iterator<String> names = v.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        throw InvalidInputException.badRequest(
            at + "/" + JsonPointers.token(n),
            "unknown member '" + n + "' (allowed: " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static String text(JsonNode v, String at) {
    if (!v.isTextual() || v.asText().isEmpty() || v.asText().length() > MAX_TEXT) {
      throw InvalidInputException.badRequest(
          at, "must be a string of 1 to " + MAX_TEXT + " characters");
    }
    return v.asText();
  }

  private static @Nullable String optionalText(@Nullable JsonNode v, String at) {
    return v == null ? null : text(v, at);
  }

  private static Instant time(JsonNode v, String at) {
    String s = text(v, at);
    try {
      Instant everyday = Rfc3339.read(s);
      if (everyday != null) {
        return everyday;
      }
      if (!RFC_3339.matcher(s).matches()) {
        throw new DateTimeParseException("not RFC 3339", s, 0);
      }
      return OffsetDateTime.parse(s).toInstant();
    } catch (java.time.DateTimeException e) {
      throw InvalidInputException.badRequest(
          at, "must be an RFC 3339 time with an offset, like 2026-11-25T13:00:00Z: '" + s + "'");
    }
  }

  private static @Nullable Instant optionalTime(@Nullable JsonNode v, String at) {
    return v == null ? null : time(v, at);
  }
}
