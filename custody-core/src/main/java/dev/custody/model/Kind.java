package dev.custody.model;

import java.util.Locale;
import java.util.Optional;

/** The three kinds of PROV node. */
public enum Kind {
  ENTITY,
  ACTIVITY,
  AGENT;

  /** The kind named {@code entity}, {@code activity} or {@code agent} (any case). */
  public static Optional<Kind> named(String name) {
    for (Kind k : values()) {
      if (k.name().equalsIgnoreCase(name)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in records and answers. */
  public String label() {
    return label;
  }
}
