package dev.custody.ingest.prov;

import java.util.List;
import java.util.Objects;

/**
 * A named bundle: a set of statements with its own namespace declarations. Names inside a bundle
 * resolve against the bundle's declarations first, then the enclosing document's.
 *
 * @param id the bundle's identifier
 * @param namespaces the declarations in the bundle's own {@code prefix} member
 * @param statements the bundle's statements, in document order
 */
public record Bundle(QualifiedName id, Namespaces namespaces, List<Statement> statements) {
  public Bundle {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(namespaces, "namespaces");
    statements = List.copyOf(statements);
  }
}
