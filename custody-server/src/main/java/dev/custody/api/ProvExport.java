package dev.custody.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.ingest.prov.AttributeValue;
import dev.custody.ingest.prov.Attributes;
import dev.custody.ingest.prov.Element;
import dev.custody.ingest.prov.Namespaces;
import dev.custody.ingest.prov.ProvDocument;
import dev.custody.ingest.prov.ProvTime;
import dev.custody.ingest.prov.QualifiedName;
import dev.custody.ingest.prov.Relation;
import dev.custody.ingest.prov.Statement;
import dev.custody.model.NodeId;
import dev.custody.query.Lineage;
import dev.custody.store.GraphEdge;
import dev.custody.store.GraphNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Lineage} as a PROV document: each node an element of its kind, each edge the PROV
 * relation it is (once per distinct time and attributes, however many records asserted it; relation
 * identifiers are not stored, so none are written), with its time and attributes when a record gave
 * them (attribute values as the stored canonical JSON reads back: a string, number or boolean as
 * itself, PROV-JSON's typed objects as typed values, an array as several values, any other object
 * as its JSON text; a native record's plain attribute names in {@link #NATIVE_ATTRIBUTES}). Node
 * attributes, type and name are not exported: they are in the records ({@code GET /v1/records}).
 * Ids are written as qualified names with generated prefixes {@code n1}, {@code n2}, … (one per
 * namespace: an id up to its last {@code /}, {@code #} or, failing those, its first {@code :}).
 * Pure.
 */
public final class ProvExport {
  /** The namespace of the plain attribute names native records use (prefix {@code custody}). */
  public static final String NATIVE_ATTRIBUTES = "https://custody.dev/ns/attribute#";

  private ProvExport() {}

  /** The document for {@code lineage}. */
  static ProvDocument of(Lineage lineage) {
    Names names = new Names();
    List<Statement> out = new ArrayList<>();
    for (GraphNode n : lineage.nodes()) {
      QualifiedName id = names.of(n.id());
      out.add(
          switch (n.kind()) {
            case ENTITY -> new Element.Entity(id, Attributes.none());
            case ACTIVITY -> new Element.Activity(id, null, null, Attributes.none());
            case AGENT -> new Element.Agent(id, Attributes.none());
          });
    }
    Set<List<Object>> seen = new LinkedHashSet<>();
    for (GraphEdge e : lineage.edges()) {
      Map<String, String> attrs = lineage.attributes(e);
      if (seen.add(
          List.of(
              e.subject(),
              e.relation(),
              e.object(),
              String.valueOf(e.time()),
              Map.copyOf(attrs)))) {
        out.add(relation(e, attributes(attrs, names), names));
      }
    }
    return new ProvDocument(new Namespaces(names.prefixes, null), out, List.of());
  }

  private static Relation relation(GraphEdge e, Attributes attrs, Names names) {
    QualifiedName s = names.of(e.subject());
    QualifiedName o = names.of(e.object());
    return switch (e.relation()) {
      case WAS_GENERATED_BY -> new Relation.Generation(null, s, o, time(e.time()), attrs);
      case USED -> new Relation.Usage(null, s, o, time(e.time()), attrs);
      case WAS_INVALIDATED_BY -> new Relation.Invalidation(null, s, o, time(e.time()), attrs);
      case WAS_DERIVED_FROM -> new Relation.Derivation(null, s, o, null, null, null, attrs);
      case WAS_ATTRIBUTED_TO -> new Relation.Attribution(null, s, o, attrs);
      case WAS_ASSOCIATED_WITH -> new Relation.Association(null, s, o, null, attrs);
      case ACTED_ON_BEHALF_OF -> new Relation.Delegation(null, s, o, null, attrs);
      case WAS_INFORMED_BY -> new Relation.Communication(null, s, o, attrs);
      case ALTERNATE_OF -> new Relation.Alternate(null, s, o, attrs);
      case SPECIALIZATION_OF -> new Relation.Specialization(null, s, o, attrs);
    };
  }

  private static @Nullable ProvTime time(@Nullable Instant t) {
    return t == null ? null : new ProvTime(t.toString());
  }

  /** Stored edge attributes (name to canonical JSON) as PROV attributes. */
  private static Attributes attributes(Map<String, String> stored, Names names) {
    Attributes out = Attributes.none();
    for (Map.Entry<String, String> a : new TreeMap<>(stored).entrySet()) {
      QualifiedName name = attributeName(a.getKey(), names);
      JsonNode value = json(a.getValue());
      if (value.isArray()) {
        for (JsonNode v : value) {
          out = out.with(name, value(v, names));
        }
      } else {
        out = out.with(name, value(value, names));
      }
    }
    return out;
  }

  /**
   * {@code prov:x} is PROV's; a name with a {@code :} is an IRI (as PROV-JSON attributes are
   * stored); a plain name, as native records write them, goes in {@link #NATIVE_ATTRIBUTES}.
   */
  private static QualifiedName attributeName(String stored, Names names) {
    if (stored.startsWith("prov:")) {
      return QualifiedName.prov(stored.substring("prov:".length()));
    }
    if (stored.indexOf(':') < 0) {
      names.prefixes.putIfAbsent("custody", NATIVE_ATTRIBUTES);
      return new QualifiedName("custody", stored, NATIVE_ATTRIBUTES);
    }
    return names.ofIri(stored);
  }

  private static JsonNode json(String canonical) {
    try {
      return Json.MAPPER.readTree(canonical);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The inverse of {@code ProvProjector}'s attribute encoding. */
  private static AttributeValue value(JsonNode v, Names names) {
    if (v.isTextual()) {
      return new AttributeValue.StringValue(v.asText());
    }
    if (v.isNumber()) {
      return new AttributeValue.NumberValue(v.decimalValue());
    }
    if (v.isBoolean()) {
      return new AttributeValue.BooleanValue(v.asBoolean());
    }
    if (!v.isObject() || !v.has("$")) {
      // A native record's object or null value has no PROV type: its JSON text stands for it.
      return new AttributeValue.StringValue(v.toString());
    }
    String lexical = v.path("$").asText();
    if (v.has("lang")) {
      return new AttributeValue.LangString(lexical, v.get("lang").asText());
    }
    String type = v.path("type").asText();
    if (type.equals("prov:QUALIFIED_NAME")) {
      return new AttributeValue.QualifiedNameValue(names.ofIri(lexical));
    }
    return new AttributeValue.TypedLiteral(lexical, names.ofIri(type));
  }

  /** Generated prefixes, one per namespace, in order of first use. */
  private static final class Names {
    final Map<String, String> prefixes = new LinkedHashMap<>();
    final Map<String, String> byNamespace = new LinkedHashMap<>();

    QualifiedName of(NodeId id) {
      return ofIri(id.toString());
    }

    /** A name for {@code iri}: PROV's and XSD's with their own prefixes, blank nodes as such. */
    QualifiedName ofIri(String iri) {
      if (iri.startsWith(QualifiedName.BLANK_NAMESPACE)) {
        return QualifiedName.blank(iri.substring(QualifiedName.BLANK_NAMESPACE.length()));
      }
      if (iri.startsWith(QualifiedName.PROV_NAMESPACE)) {
        return QualifiedName.prov(iri.substring(QualifiedName.PROV_NAMESPACE.length()));
      }
      if (iri.startsWith(QualifiedName.XSD_NAMESPACE)) {
        return QualifiedName.xsd(iri.substring(QualifiedName.XSD_NAMESPACE.length()));
      }
      int cut = Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#'));
      if (cut < 0) {
        cut = iri.indexOf(':');
      }
      String ns = iri.substring(0, cut + 1);
      String prefix =
          byNamespace.computeIfAbsent(
              ns,
              k -> {
                String p = "n" + (byNamespace.size() + 1);
                prefixes.put(p, k);
                return p;
              });
      return new QualifiedName(prefix, iri.substring(cut + 1), ns);
    }
  }
}
