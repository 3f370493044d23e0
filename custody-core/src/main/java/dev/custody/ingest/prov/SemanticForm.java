package dev.custody.ingest.prov;

import dev.custody.ingest.prov.AttributeValue.BooleanValue;
import dev.custody.ingest.prov.AttributeValue.LangString;
import dev.custody.ingest.prov.AttributeValue.NumberValue;
import dev.custody.ingest.prov.AttributeValue.QualifiedNameValue;
import dev.custody.ingest.prov.AttributeValue.StringValue;
import dev.custody.ingest.prov.AttributeValue.TypedLiteral;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A document reduced to what it means: statements as a set of prefix-free values, bundles keyed by
 * IRI. Two documents are semantically equal when their forms are equal.
 */
record SemanticForm(Set<Norm> statements, Map<String, Set<Norm>> bundles) {
  private static final String XSD_STRING = QualifiedName.XSD_NAMESPACE + "string";

  /** One statement without prefixes: kind, identifier IRI (null if absent or blank relation). */
  record Norm(
      RecordKind kind,
      @Nullable String id,
      List<@Nullable Object> args,
      Map<String, Set<Value>> attrs) {}

  /** One attribute value without prefixes. */
  record Value(String type, String value) {}

  /** See {@link ProvDocument#semanticallyContains}. */
  boolean contains(SemanticForm part) {
    Set<Norm> whole = new HashSet<>(statements);
    bundles.values().forEach(whole::addAll);
    Set<Norm> wanted = new HashSet<>(part.statements);
    part.bundles.values().forEach(wanted::addAll);
    for (Norm w : wanted) {
      if (whole.stream().noneMatch(n -> says(n, w))) {
        return false;
      }
    }
    return true;
  }

  private static boolean says(Norm n, Norm w) {
    if (n.kind() != w.kind() || (w.id() != null && !w.id().equals(n.id()))) {
      return false;
    }
    for (int i = 0; i < w.args().size(); i++) {
      Object arg = w.args().get(i);
      if (arg != null && !arg.equals(n.args().get(i))) {
        return false;
      }
    }
    for (Map.Entry<String, Set<Value>> a : w.attrs().entrySet()) {
      if (!n.attrs().getOrDefault(a.getKey(), Set.of()).containsAll(a.getValue())) {
        return false;
      }
    }
    return true;
  }

  static SemanticForm of(ProvDocument doc) {
    Map<String, Set<Norm>> bundles = new HashMap<>();
    for (Bundle b : doc.bundles()) {
      bundles.computeIfAbsent(b.id().iri(), k -> new HashSet<>()).addAll(norms(b.statements()));
    }
    return new SemanticForm(norms(doc.statements()), bundles);
  }

  private static Set<Norm> norms(List<Statement> statements) {
    Set<Norm> out = new HashSet<>();
    for (Statement s : statements) {
      out.add(norm(s));
    }
    return out;
  }

  private static Norm norm(Statement s) {
    RecordKind kind = RecordKind.of(s);
    QualifiedName id = RecordKind.id(s);
    String idIri = id == null || (!kind.isElement() && id.isBlank()) ? null : id.iri();
    List<@Nullable Object> args = new ArrayList<>();
    for (Object arg : RecordKind.args(s).values()) {
      args.add(arg(arg));
    }
    return new Norm(kind, idIri, args, attributes(s.attributes()));
  }

  private static @Nullable Object arg(@Nullable Object arg) {
    return switch (arg) {
      case null -> null;
      case QualifiedName q -> q.iri();
      case ProvTime t -> t.normalized();
      case List<?> names -> {
        Set<String> iris = new LinkedHashSet<>();
        for (Object n : names) {
          iris.add(((QualifiedName) n).iri());
        }
        yield Set.copyOf(iris);
      }
      default -> throw new IllegalStateException("unexpected argument " + arg.getClass());
    };
  }

  private static Map<String, Set<Value>> attributes(Attributes attributes) {
    Map<String, Set<Value>> out = new HashMap<>();
    attributes
        .values()
        .forEach((name, values) -> {
          Set<Value> set = out.computeIfAbsent(name.iri(), k -> new HashSet<>());
          for (AttributeValue v : values) {
            set.add(value(v));
          }
        });
    return out;
  }

  static Value value(AttributeValue v) {
    return switch (v) {
      case StringValue s -> new Value(XSD_STRING, s.value());
      case NumberValue n -> new Value("number", canonical(n.value()));
      case BooleanValue b -> new Value("boolean", Boolean.toString(b.value()));
      case TypedLiteral t -> new Value(t.datatype().iri(), t.lexical());
      case LangString l -> new Value("lang " + l.lang().toLowerCase(Locale.ROOT), l.value());
      case QualifiedNameValue q -> new Value("qualified name", q.value().iri());
    };
  }

  private static String canonical(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toString();
  }
}
