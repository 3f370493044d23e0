package dev.custody.api;

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
import org.jspecify.annotations.Nullable;

/**
 * A {@link Lineage} as a PROV document: each node an element of its kind, each edge the PROV
 * relation it is (once, however many records asserted it; relation identifiers are not stored, so
 * none are written), with its time when a record gave one. Node attributes, type and name are not
 * exported: they are in the records ({@code GET /v1/records}). Ids are written as qualified names
 * with generated prefixes {@code n1}, {@code n2}, … (one per namespace: an id up to its last {@code
 * /}, {@code #} or, failing those, its first {@code :}). Pure.
 */
public final class ProvExport {
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
      if (seen.add(List.of(e.subject(), e.relation(), e.object(), String.valueOf(e.time())))) {
        out.add(relation(e, names));
      }
    }
    return new ProvDocument(new Namespaces(names.prefixes, null), out, List.of());
  }

  private static Relation relation(GraphEdge e, Names names) {
    QualifiedName s = names.of(e.subject());
    QualifiedName o = names.of(e.object());
    Attributes none = Attributes.none();
    return switch (e.relation()) {
      case WAS_GENERATED_BY -> new Relation.Generation(null, s, o, time(e.time()), none);
      case USED -> new Relation.Usage(null, s, o, time(e.time()), none);
      case WAS_INVALIDATED_BY -> new Relation.Invalidation(null, s, o, time(e.time()), none);
      case WAS_DERIVED_FROM -> new Relation.Derivation(null, s, o, null, null, null, none);
      case WAS_ATTRIBUTED_TO -> new Relation.Attribution(null, s, o, none);
      case WAS_ASSOCIATED_WITH -> new Relation.Association(null, s, o, null, none);
      case ACTED_ON_BEHALF_OF -> new Relation.Delegation(null, s, o, null, none);
      case WAS_INFORMED_BY -> new Relation.Communication(null, s, o, none);
      case ALTERNATE_OF -> new Relation.Alternate(null, s, o, none);
      case SPECIALIZATION_OF -> new Relation.Specialization(null, s, o, none);
    };
  }

  private static @Nullable ProvTime time(@Nullable Instant t) {
    return t == null ? null : new ProvTime(t.toString());
  }

  /** Generated prefixes, one per namespace, in order of first use. */
  private static final class Names {
    final Map<String, String> prefixes = new LinkedHashMap<>();
    final Map<String, String> byNamespace = new LinkedHashMap<>();

    QualifiedName of(NodeId id) {
      String iri = id.toString();
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
