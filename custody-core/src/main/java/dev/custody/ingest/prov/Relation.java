package dev.custody.ingest.prov;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A PROV-DM relation, one record per relation PROV-JSON has. Component names follow the PROV-JSON
 * member names ({@code prov:generatedEntity} is {@code generatedEntity()}). The identifier is
 * optional: PROV-JSON needs a key for every record, so the writer invents a blank one ({@code
 * _:wGB1}) for a relation without, and blank relation identifiers are not significant for {@link
 * ProvDocument#semanticallyEquals}.
 */
public sealed interface Relation extends Statement {
  /** The relation's identifier, or null if it has none. */
  @Nullable QualifiedName id();

  /** {@code wasGeneratedBy}. */
  record Generation(
      @Nullable QualifiedName id,
      QualifiedName entity,
      @Nullable QualifiedName activity,
      @Nullable ProvTime time,
      Attributes attributes)
      implements Relation {
    public Generation {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code used}. */
  record Usage(
      @Nullable QualifiedName id,
      QualifiedName activity,
      @Nullable QualifiedName entity,
      @Nullable ProvTime time,
      Attributes attributes)
      implements Relation {
    public Usage {
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasInformedBy}. */
  record Communication(
      @Nullable QualifiedName id,
      @Nullable QualifiedName informed,
      @Nullable QualifiedName informant,
      Attributes attributes)
      implements Relation {
    public Communication {
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasStartedBy}. */
  record Start(
      @Nullable QualifiedName id,
      QualifiedName activity,
      @Nullable QualifiedName trigger,
      @Nullable QualifiedName starter,
      @Nullable ProvTime time,
      Attributes attributes)
      implements Relation {
    public Start {
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasEndedBy}. */
  record End(
      @Nullable QualifiedName id,
      QualifiedName activity,
      @Nullable QualifiedName trigger,
      @Nullable QualifiedName ender,
      @Nullable ProvTime time,
      Attributes attributes)
      implements Relation {
    public End {
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasInvalidatedBy}. */
  record Invalidation(
      @Nullable QualifiedName id,
      QualifiedName entity,
      @Nullable QualifiedName activity,
      @Nullable ProvTime time,
      Attributes attributes)
      implements Relation {
    public Invalidation {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasDerivedFrom}. */
  record Derivation(
      @Nullable QualifiedName id,
      @Nullable QualifiedName generatedEntity,
      @Nullable QualifiedName usedEntity,
      @Nullable QualifiedName activity,
      @Nullable QualifiedName generation,
      @Nullable QualifiedName usage,
      Attributes attributes)
      implements Relation {
    public Derivation {
      Objects.requireNonNull(attributes, "attributes");
    }

    /** The derivation subtypes named by this relation's {@code prov:type} values. */
    public Set<DerivationKind> kinds() {
      Set<DerivationKind> kinds = EnumSet.noneOf(DerivationKind.class);
      for (AttributeValue type : attributes.get(QualifiedName.prov("type"))) {
        for (DerivationKind kind : DerivationKind.values()) {
          if (type instanceof AttributeValue.QualifiedNameValue(QualifiedName value)
              && value.iri().equals(kind.typeName().iri())) {
            kinds.add(kind);
          }
        }
      }
      return kinds;
    }
  }

  /** {@code wasAttributedTo}. */
  record Attribution(
      @Nullable QualifiedName id,
      @Nullable QualifiedName entity,
      @Nullable QualifiedName agent,
      Attributes attributes)
      implements Relation {
    public Attribution {
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasAssociatedWith}. */
  record Association(
      @Nullable QualifiedName id,
      QualifiedName activity,
      @Nullable QualifiedName agent,
      @Nullable QualifiedName plan,
      Attributes attributes)
      implements Relation {
    public Association {
      Objects.requireNonNull(activity, "activity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code actedOnBehalfOf}. */
  record Delegation(
      @Nullable QualifiedName id,
      QualifiedName delegate,
      QualifiedName responsible,
      @Nullable QualifiedName activity,
      Attributes attributes)
      implements Relation {
    public Delegation {
      Objects.requireNonNull(delegate, "delegate");
      Objects.requireNonNull(responsible, "responsible");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code wasInfluencedBy}. */
  record Influence(
      @Nullable QualifiedName id,
      @Nullable QualifiedName influencee,
      @Nullable QualifiedName influencer,
      Attributes attributes)
      implements Relation {
    public Influence {
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code alternateOf}. */
  record Alternate(
      @Nullable QualifiedName id,
      QualifiedName alternate1,
      QualifiedName alternate2,
      Attributes attributes)
      implements Relation {
    public Alternate {
      Objects.requireNonNull(alternate1, "alternate1");
      Objects.requireNonNull(alternate2, "alternate2");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code specializationOf}. */
  record Specialization(
      @Nullable QualifiedName id,
      QualifiedName specificEntity,
      QualifiedName generalEntity,
      Attributes attributes)
      implements Relation {
    public Specialization {
      Objects.requireNonNull(specificEntity, "specificEntity");
      Objects.requireNonNull(generalEntity, "generalEntity");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code hadMember}. */
  record Membership(
      @Nullable QualifiedName id,
      QualifiedName collection,
      List<QualifiedName> entity,
      Attributes attributes)
      implements Relation {
    public Membership {
      Objects.requireNonNull(collection, "collection");
      entity = List.copyOf(entity);
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code mentionOf}. */
  record Mention(
      @Nullable QualifiedName id,
      QualifiedName specificEntity,
      QualifiedName generalEntity,
      QualifiedName bundle,
      Attributes attributes)
      implements Relation {
    public Mention {
      Objects.requireNonNull(specificEntity, "specificEntity");
      Objects.requireNonNull(generalEntity, "generalEntity");
      Objects.requireNonNull(bundle, "bundle");
      Objects.requireNonNull(attributes, "attributes");
    }
  }
}
