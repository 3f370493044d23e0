package dev.custody.ingest.prov;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.JsonPointers;
import dev.custody.ingest.prov.AttributeValue.BooleanValue;
import dev.custody.ingest.prov.AttributeValue.LangString;
import dev.custody.ingest.prov.AttributeValue.NumberValue;
import dev.custody.ingest.prov.AttributeValue.QualifiedNameValue;
import dev.custody.ingest.prov.AttributeValue.StringValue;
import dev.custody.ingest.prov.AttributeValue.TypedLiteral;
import dev.custody.ingest.prov.Element.Activity;
import dev.custody.ingest.prov.Element.Agent;
import dev.custody.ingest.prov.Element.Entity;
import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;
import org.jspecify.annotations.Nullable;

/**
 * Projects a {@link ProvDocument} onto Custody's graph model: elements become nodes, the relations
 * Custody models ({@link dev.custody.model.Relation}) become edges. Pure; thread safe.
 *
 * <ul>
 *   <li>Identifiers are expanded to full IRIs and parsed with {@link NodeId#parse}; one it refuses
 *       (a blank node {@code _:b1}, a relative IRI) is a 400 naming the member.
 *   <li>A relation end that the document does not declare as an element is a node of the kind the
 *       relation implies (PROV-CONSTRAINTS typing). An id stated with two kinds (declared, or
 *       implied by a relation) is a 400 naming the later member: Custody's kinds are exclusive.
 *   <li>Relations Custody does not model (wasStartedBy, wasEndedBy, wasInfluencedBy, hadMember,
 *       mentionOf) are counted, not projected; so is a relation with a missing end (a missing
 *       link). Both stay in the stored document.
 *   <li>Statements in bundles project like top-level ones; the bundle itself is not a node.
 *   <li>Attributes are kept by name ({@code prov:label} for the PROV namespace, the full IRI
 *       otherwise) as canonical JSON: a string, number or boolean as itself, other values as
 *       PROV-JSON's typed objects, several values as an array. {@code prov:type} (first value) is
 *       the node's type and {@code prov:label} its name. A relation's attributes are kept the same
 *       way on its edge (its positional arguments other than the time are not).
 * </ul>
 */
public final class ProvProjector {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * What a document projects to.
   *
   * @param prov the nodes and edges, attributed to {@code producer} at {@code claimedTime}
   * @param unmodelled relations kept in the document but not projected (Custody has no edge for
   *     them)
   * @param missingLinks modelled relations with a missing end, not projected
   * @param pointers for each node, the member of the document that first states it (a JSON
   *     pointer), to name in a refusal
   */
  public record Projection(
      ProvRecord prov, int unmodelled, int missingLinks, Map<NodeId, String> pointers) {
    public Projection {
      pointers = Map.copyOf(pointers);
    }
  }

  /**
   * The projection of {@code doc}.
   *
   * @throws InvalidInputException 400 naming the member (a JSON pointer into the document) whose id
   *     NodeId refuses or whose kind conflicts with another statement's
   */
  public Projection project(ProvDocument doc, NodeId producer, @Nullable Instant claimedTime) {
    Pass pass = new Pass();
    pass.statements(doc.statements(), "");
    for (Bundle b : doc.bundles()) {
      pass.statements(b.statements(), "/bundle/" + JsonPointers.token(b.id().toPrefixed()));
    }
    for (Deferred d : pass.relations) {
      pass.relation(d);
    }
    ProvRecord prov =
        new ProvRecord(producer, claimedTime, List.copyOf(pass.nodes.values()), pass.edges);
    return new Projection(prov, pass.unmodelled, pass.missing, pass.declaredAt);
  }

  private record Deferred(Relation r, String pointer) {}

  /** Ends of a modelled relation: subject, object, time. */
  private record Ends(
      dev.custody.model.Relation relation,
      @Nullable QualifiedName subject,
      @Nullable QualifiedName object,
      @Nullable ProvTime time) {}

  private static final class Pass {
    final Map<NodeId, Node> nodes = new LinkedHashMap<>();
    final Map<NodeId, String> declaredAt = new LinkedHashMap<>();
    final List<Edge> edges = new ArrayList<>();
    final List<Deferred> relations = new ArrayList<>();
    int unmodelled;
    int missing;

    void statements(List<Statement> statements, String base) {
      for (Statement s : statements) {
        String ptr = base + "/" + RecordKind.of(s).jsonName;
        switch (s) {
          case Element e -> element(e, ptr + "/" + JsonPointers.token(e.id().toPrefixed()));
          case Relation r ->
              relations.add(
                  new Deferred(
                      r,
                      r.id() == null ? ptr : ptr + "/" + JsonPointers.token(r.id().toPrefixed())));
        }
      }
    }

    void element(Element e, String ptr) {
      NodeId id = NodeId.parse(e.id().iri(), ptr);
      Kind kind =
          switch (e) {
            case Entity x -> Kind.ENTITY;
            case Activity x -> Kind.ACTIVITY;
            case Agent x -> Kind.AGENT;
          };
      Map<String, String> attrs = new TreeMap<>();
      Node before = nodes.get(id);
      if (before != null) {
        if (before.kind() != kind) {
          throw conflict(ptr, id, before.kind(), kind);
        }
        attrs.putAll(before.attributes());
      }
      attrs.putAll(attributes(e.attributes()));
      Instant started = null;
      Instant ended = null;
      if (e instanceof Activity a) {
        started = instantOrAttribute(a.startTime(), "prov:startTime", attrs);
        ended = instantOrAttribute(a.endTime(), "prov:endTime", attrs);
      }
      String type = firstText(e.attributes(), "type");
      String name = firstText(e.attributes(), "label");
      nodes.put(
          id,
          new Node(
              id,
              kind,
              type != null ? type : before == null ? null : before.type(),
              name != null ? name : before == null ? null : before.name(),
              attrs,
              started != null ? started : before == null ? null : before.startedAt(),
              ended != null ? ended : before == null ? null : before.endedAt()));
      declaredAt.putIfAbsent(id, ptr);
    }

    void relation(Deferred d) {
      Ends ends = ends(d.r());
      if (ends == null) {
        unmodelled++;
        return;
      }
      if (ends.subject() == null || ends.object() == null) {
        missing++;
        return;
      }
      String field = RecordKind.of(d.r()).jsonName;
      NodeId s = end(ends.subject(), ends.relation().subjectKind(), d.pointer(), field);
      NodeId o = end(ends.object(), ends.relation().objectKind(), d.pointer(), field);
      edges.add(
          new Edge(s, ends.relation(), o, instant(ends.time()), attributes(d.r().attributes())));
    }

    /** The node at one end of a relation, implied with {@code kind} if not declared. */
    private NodeId end(QualifiedName q, Kind kind, String ptr, String relation) {
      NodeId id = NodeId.parse(q.iri(), ptr);
      Node known = nodes.get(id);
      if (known == null) {
        nodes.put(id, new Node(id, kind, null, null, Map.of(), null, null));
        declaredAt.put(id, ptr);
        return id;
      }
      if (known.kind() != kind) {
        throw InvalidInputException.badRequest(
            ptr,
            relation
                + " needs "
                + article(kind)
                + " here, but "
                + id
                + " is "
                + article(known.kind())
                + " (stated at "
                + declaredAt.get(id)
                + ")");
      }
      return id;
    }
  }

  /** The modelled relation a PROV relation is, or null for those Custody does not model. */
  private static @Nullable Ends ends(Relation r) {
    return switch (r) {
      case Relation.Generation g ->
          new Ends(dev.custody.model.Relation.WAS_GENERATED_BY, g.entity(), g.activity(), g.time());
      case Relation.Usage u ->
          new Ends(dev.custody.model.Relation.USED, u.activity(), u.entity(), u.time());
      case Relation.Communication c ->
          new Ends(dev.custody.model.Relation.WAS_INFORMED_BY, c.informed(), c.informant(), null);
      case Relation.Invalidation i ->
          new Ends(
              dev.custody.model.Relation.WAS_INVALIDATED_BY, i.entity(), i.activity(), i.time());
      case Relation.Derivation d ->
          new Ends(
              dev.custody.model.Relation.WAS_DERIVED_FROM,
              d.generatedEntity(),
              d.usedEntity(),
              null);
      case Relation.Attribution a ->
          new Ends(dev.custody.model.Relation.WAS_ATTRIBUTED_TO, a.entity(), a.agent(), null);
      case Relation.Association a ->
          new Ends(dev.custody.model.Relation.WAS_ASSOCIATED_WITH, a.activity(), a.agent(), null);
      case Relation.Delegation d ->
          new Ends(
              dev.custody.model.Relation.ACTED_ON_BEHALF_OF, d.delegate(), d.responsible(), null);
      case Relation.Alternate a ->
          new Ends(dev.custody.model.Relation.ALTERNATE_OF, a.alternate1(), a.alternate2(), null);
      case Relation.Specialization s ->
          new Ends(
              dev.custody.model.Relation.SPECIALIZATION_OF,
              s.specificEntity(),
              s.generalEntity(),
              null);
      case Relation.Start x -> null;
      case Relation.End x -> null;
      case Relation.Influence x -> null;
      case Relation.Membership x -> null;
      case Relation.Mention x -> null;
    };
  }

  private static InvalidInputException conflict(String ptr, NodeId id, Kind was, Kind now) {
    return InvalidInputException.badRequest(
        ptr,
        "node "
            + id
            + " is already stated as "
            + article(was)
            + ", so it cannot be "
            + article(now)
            + " (a node has one kind in Custody)");
  }

  private static String article(Kind k) {
    return "an " + k.label();
  }

  /** A zoned time as an instant; a local time (no offset) is kept as the attribute instead. */
  private static @Nullable Instant instantOrAttribute(
      @Nullable ProvTime t, String name, Map<String, String> attrs) {
    Instant i = instant(t);
    if (t != null && i == null) {
      attrs.put(name, canonical(NODES.textNode(t.lexical())));
    }
    return i;
  }

  private static @Nullable Instant instant(@Nullable ProvTime t) {
    if (t == null) {
      return null;
    }
    String normalized = t.normalized();
    return normalized.startsWith("local ") ? null : Instant.parse(normalized);
  }

  private static @Nullable String firstText(Attributes attrs, String provName) {
    List<AttributeValue> values = attrs.get(QualifiedName.prov(provName));
    if (values.isEmpty()) {
      return null;
    }
    return switch (values.getFirst()) {
      case StringValue s -> s.value();
      case LangString l -> l.value();
      case QualifiedNameValue q -> attributeName(q.value());
      case TypedLiteral t -> t.lexical();
      default -> null;
    };
  }

  private static Map<String, String> attributes(Attributes attrs) {
    Map<String, String> out = new TreeMap<>();
    attrs
        .values()
        .forEach((name, values) -> {
          if (values.size() == 1) {
            out.put(attributeName(name), canonical(json(values.getFirst())));
            return;
          }
          ArrayNode all = NODES.arrayNode();
          values.forEach(v -> all.add(json(v)));
          out.put(attributeName(name), canonical(all));
        });
    return out;
  }

  /** {@code prov:x} for the PROV namespace, the full IRI otherwise. */
  private static String attributeName(QualifiedName q) {
    return q.namespace().equals(QualifiedName.PROV_NAMESPACE) ? "prov:" + q.localPart() : q.iri();
  }

  private static com.fasterxml.jackson.databind.JsonNode json(AttributeValue v) {
    return switch (v) {
      case StringValue s -> NODES.textNode(s.value());
      case NumberValue n -> NODES.numberNode(n.value());
      case BooleanValue b -> NODES.booleanNode(b.value());
      case TypedLiteral t -> typed(t.lexical(), "type", t.datatype().iri());
      case LangString l -> typed(l.value(), "lang", l.lang());
      case QualifiedNameValue q -> typed(q.value().iri(), "type", "prov:QUALIFIED_NAME");
    };
  }

  private static ObjectNode typed(String value, String member, String what) {
    ObjectNode o = NODES.objectNode();
    o.put("$", value);
    o.put(member, what);
    return o;
  }

  private static String canonical(com.fasterxml.jackson.databind.JsonNode value) {
    try {
      // The canonicalizer takes an object or array: wrap the value, then unwrap its text.
      String wrapped =
          new JsonCanonicalizer("[" + JSON.writeValueAsString(value) + "]").getEncodedString();
      return wrapped.substring(1, wrapped.length() - 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
