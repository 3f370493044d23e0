package dev.custody.ingest.prov;

import java.util.Objects;

/**
 * A PROV qualified name resolved to its full IRI ({@code namespace + localPart}). The prefix it was
 * written with is kept so that output reads like the input; it is not significant for {@link
 * ProvDocument#semanticallyEquals}. The empty prefix stands for the default namespace; the prefix
 * {@code _} marks a blank-node identifier (namespace {@value #BLANK_NAMESPACE}).
 *
 * @param prefix the prefix the name was written with, {@code ""} for the default namespace
 * @param localPart the part after the colon (may be empty)
 * @param namespace the namespace IRI the prefix stood for where the name was written
 */
public record QualifiedName(String prefix, String localPart, String namespace) {
  /** The PROV namespace. */
  public static final String PROV_NAMESPACE = "http://www.w3.org/ns/prov#";

  /** The XML Schema datatypes namespace. */
  public static final String XSD_NAMESPACE = "http://www.w3.org/2001/XMLSchema#";

  /** The pseudo-namespace of blank-node identifiers such as {@code _:wGB1}. */
  public static final String BLANK_NAMESPACE = "_:";

  /** The prefix of blank-node identifiers. */
  public static final String BLANK_PREFIX = "_";

  public QualifiedName {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(localPart, "localPart");
    Objects.requireNonNull(namespace, "namespace");
    if (prefix.equals(BLANK_PREFIX) != namespace.equals(BLANK_NAMESPACE)) {
      throw new IllegalArgumentException("the prefix _ is reserved for blank-node identifiers");
    }
    if (prefix.isEmpty() && localPart.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "a name in the default namespace cannot contain ':': " + localPart);
    }
  }

  /** {@code prov:localPart}. */
  public static QualifiedName prov(String localPart) {
    return new QualifiedName("prov", localPart, PROV_NAMESPACE);
  }

  /** {@code xsd:localPart}. */
  public static QualifiedName xsd(String localPart) {
    return new QualifiedName("xsd", localPart, XSD_NAMESPACE);
  }

  /** The blank-node identifier {@code _:label}. */
  public static QualifiedName blank(String label) {
    return new QualifiedName(BLANK_PREFIX, label, BLANK_NAMESPACE);
  }

  /** The full IRI this name stands for ({@code _:label} for a blank node). */
  public String iri() {
    return namespace + localPart;
  }

  /** Whether this is a blank-node identifier ({@code _:…}). */
  public boolean isBlank() {
    return prefix.equals(BLANK_PREFIX);
  }

  /** The name as written in PROV-JSON: {@code prefix:localPart}, or the bare local part. */
  public String toPrefixed() {
    return prefix.isEmpty() ? localPart : prefix + ":" + localPart;
  }

  @Override
  public String toString() {
    return toPrefixed();
  }
}
