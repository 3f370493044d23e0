package dev.custody.ingest.prov;

import java.util.List;
import java.util.Objects;

/**
 * An immutable PROV document: namespace declarations, top-level statements and named bundles.
 * Statement order is the order read and carries no meaning. Equality of the record is structural
 * (it sees prefixes and order); use {@link #semanticallyEquals} to compare what two documents say.
 *
 * @param namespaces the document's {@code prefix} declarations
 * @param statements the top-level statements
 * @param bundles the named bundles
 */
public record ProvDocument(
    Namespaces namespaces, List<Statement> statements, List<Bundle> bundles) {
  public ProvDocument {
    Objects.requireNonNull(namespaces, "namespaces");
    statements = List.copyOf(statements);
    bundles = List.copyOf(bundles);
  }

  /**
   * Whether the two documents make the same statements: order does not matter, nor which prefix
   * names an IRI, nor repeated statements; attribute values compare by value and type, each
   * attribute's values as a set; a blank relation identifier counts as no identifier; bundles
   * compare recursively by identifier IRI. Blank element identifiers compare by label (no graph
   * isomorphism).
   */
  public boolean semanticallyEquals(ProvDocument other) {
    return SemanticForm.of(this).equals(SemanticForm.of(other));
  }

  /**
   * Whether every statement of {@code part}, top-level or in a bundle, is said by some statement of
   * this document, top-level or in any bundle (bundles are flattened). A statement is said by
   * another of the same kind and identifier whose arguments agree wherever {@code part}'s are
   * present and whose attributes include {@code part}'s; a relation of {@code part} without an
   * identifier matches one with any identifier. This is how an export of part of a graph is checked
   * against the documents it came from.
   */
  public boolean semanticallyContains(ProvDocument part) {
    return SemanticForm.of(this).contains(SemanticForm.of(part));
  }

  /** The number of statements, top-level and in bundles (repeats counted). */
  public int statementCount() {
    int n = statements.size();
    for (Bundle b : bundles) {
      n += b.statements().size();
    }
    return n;
  }
}
