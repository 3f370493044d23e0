package dev.custody.ingest.prov;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A PROV element: entity, activity or agent. Elements always have an identifier. */
public sealed interface Element extends Statement {
  QualifiedName id();

  /** {@code entity}. */
  record Entity(QualifiedName id, Attributes attributes) implements Element {
    public Entity {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code activity}, with its optional {@code prov:startTime} and {@code prov:endTime}. */
  record Activity(
      QualifiedName id,
      @Nullable ProvTime startTime,
      @Nullable ProvTime endTime,
      Attributes attributes)
      implements Element {
    public Activity {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /** {@code agent}. */
  record Agent(QualifiedName id, Attributes attributes) implements Element {
    public Agent {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(attributes, "attributes");
    }
  }
}
