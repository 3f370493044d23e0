package dev.custody.ingest.prov;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute-value pairs of a statement, other than the ones PROV-JSON reserves for its
 * positional arguments (such as {@code prov:entity} or {@code prov:time}). Each name maps to one or
 * more values; order is kept for output but is not significant for {@link
 * ProvDocument#semanticallyEquals}, which compares each name's values as a set.
 *
 * @param values attribute name to its values (never empty)
 */
public record Attributes(Map<QualifiedName, List<AttributeValue>> values) {
  private static final Attributes NONE = new Attributes(Map.of());

  public Attributes {
    Map<QualifiedName, List<AttributeValue>> copy = new LinkedHashMap<>();
    values.forEach((name, list) -> {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("attribute " + name + " has no values");
      }
      copy.put(name, List.copyOf(list));
    });
    values = Collections.unmodifiableMap(copy);
  }

  /** No attributes. */
  public static Attributes none() {
    return NONE;
  }

  /** A copy with {@code value} added to the values of {@code name}. */
  public Attributes with(QualifiedName name, AttributeValue value) {
    Map<QualifiedName, List<AttributeValue>> copy = new LinkedHashMap<>(values);
    List<AttributeValue> list = new ArrayList<>(copy.getOrDefault(name, List.of()));
    list.add(value);
    copy.put(name, list);
    return new Attributes(copy);
  }

  /** The values of the attribute whose IRI equals {@code name}'s, under any prefix. */
  public List<AttributeValue> get(QualifiedName name) {
    List<AttributeValue> out = new ArrayList<>();
    values.forEach((key, list) -> {
      if (key.iri().equals(name.iri())) {
        out.addAll(list);
      }
    });
    return List.copyOf(out);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
