package dev.custody.ingest.prov;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The namespace declarations of a document or bundle, as written in its {@code prefix} member.
 * {@code prov} and {@code xsd} are predeclared and need not be listed; declaring either to another
 * IRI is refused by the reader. Insertion order is kept for output.
 *
 * @param prefixes prefix to namespace IRI, without the default namespace
 * @param defaultNamespace the namespace of unprefixed names (PROV-JSON's {@code default} key)
 */
public record Namespaces(Map<String, String> prefixes, @Nullable String defaultNamespace) {
  private static final Namespaces EMPTY = new Namespaces(Map.of(), null);

  public Namespaces {
    prefixes = Collections.unmodifiableMap(new LinkedHashMap<>(prefixes));
    for (String prefix : prefixes.keySet()) {
      if (prefix.isEmpty() || prefix.equals(QualifiedName.BLANK_PREFIX)) {
        throw new IllegalArgumentException("not a declarable prefix: '" + prefix + "'");
      }
    }
    String prov = prefixes.get("prov");
    String xsd = prefixes.get("xsd");
    if ((prov != null && !prov.equals(QualifiedName.PROV_NAMESPACE))
        || (xsd != null && !xsd.equals(QualifiedName.XSD_NAMESPACE))) {
      throw new IllegalArgumentException("prov and xsd cannot be declared to other namespaces");
    }
  }

  /** No declarations beyond the predeclared {@code prov} and {@code xsd}. */
  public static Namespaces empty() {
    return EMPTY;
  }

  /** The namespace a prefix stands for here, counting the predeclared ones; null if undeclared. */
  public @Nullable String lookup(String prefix) {
    String declared = prefixes.get(prefix);
    if (declared != null) {
      return declared;
    }
    return switch (prefix) {
      case "prov" -> QualifiedName.PROV_NAMESPACE;
      case "xsd" -> QualifiedName.XSD_NAMESPACE;
      default -> null;
    };
  }

  /** These declarations seen from inside a bundle that declares {@code inner}: inner ones win. */
  Namespaces enclosing(Namespaces inner) {
    Map<String, String> merged = new LinkedHashMap<>(prefixes);
    merged.putAll(inner.prefixes);
    String dflt = inner.defaultNamespace != null ? inner.defaultNamespace : defaultNamespace;
    return new Namespaces(merged, dflt);
  }

  boolean declares(QualifiedName name) {
    if (name.isBlank()) {
      return true;
    }
    String ns = name.prefix().isEmpty() ? defaultNamespace : lookup(name.prefix());
    return Objects.equals(ns, name.namespace());
  }
}
