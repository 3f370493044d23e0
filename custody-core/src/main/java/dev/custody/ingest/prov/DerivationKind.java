package dev.custody.ingest.prov;

/** The PROV-DM subtypes of derivation, carried as a {@code prov:type} of {@code wasDerivedFrom}. */
public enum DerivationKind {
  REVISION("Revision"),
  QUOTATION("Quotation"),
  PRIMARY_SOURCE("PrimarySource");

  private final String localName;

  DerivationKind(String localName) {
    this.localName = localName;
  }

  /** The {@code prov:} name used as the {@code prov:type} value, e.g. {@code prov:Revision}. */
  public QualifiedName typeName() {
    return QualifiedName.prov(localName);
  }
}
