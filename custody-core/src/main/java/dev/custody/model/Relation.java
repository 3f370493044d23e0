package dev.custody.model;

import java.util.Optional;

/**
 * The W3C PROV relations Custody records, each from a subject to an object of fixed kinds, in
 * PROV-DM's reading order: "image wasGeneratedBy build", "build used commit". Following a relation
 * from subject to object goes upstream (towards causes); the reverse goes downstream. {@link
 * #ALTERNATE_OF} and {@link #SPECIALIZATION_OF} say two ids name one thing (identity): queries
 * follow them both ways.
 */
public enum Relation {
  WAS_GENERATED_BY("wasGeneratedBy", Kind.ENTITY, Kind.ACTIVITY),
  USED("used", Kind.ACTIVITY, Kind.ENTITY),
  WAS_DERIVED_FROM("wasDerivedFrom", Kind.ENTITY, Kind.ENTITY),
  WAS_ATTRIBUTED_TO("wasAttributedTo", Kind.ENTITY, Kind.AGENT),
  WAS_ASSOCIATED_WITH("wasAssociatedWith", Kind.ACTIVITY, Kind.AGENT),
  ACTED_ON_BEHALF_OF("actedOnBehalfOf", Kind.AGENT, Kind.AGENT),
  WAS_INFORMED_BY("wasInformedBy", Kind.ACTIVITY, Kind.ACTIVITY),
  WAS_INVALIDATED_BY("wasInvalidatedBy", Kind.ENTITY, Kind.ACTIVITY),
  ALTERNATE_OF("alternateOf", Kind.ENTITY, Kind.ENTITY),
  SPECIALIZATION_OF("specializationOf", Kind.ENTITY, Kind.ENTITY);

  private final String label;
  private final Kind subject;
  private final Kind object;

  Relation(String label, Kind subject, Kind object) {
    this.label = label;
    this.subject = subject;
    this.object = object;
  }

  /** The relation with PROV name {@code label} (exact case, as PROV writes it). */
  public static Optional<Relation> named(String label) {
    for (Relation r : values()) {
      if (r.label.equals(label)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** The PROV name, e.g. {@code wasGeneratedBy}. */
  public String label() {
    return label;
  }

  /** The kind the subject must have. */
  public Kind subjectKind() {
    return subject;
  }

  /** The kind the object must have. */
  public Kind objectKind() {
    return object;
  }

  /** True for relations that say two ids name one thing. */
  public boolean isIdentity() {
    return this == ALTERNATE_OF || this == SPECIALIZATION_OF;
  }
}
