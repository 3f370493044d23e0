package dev.custody.store;

import java.util.List;
import java.util.Set;

/**
 * Which nodes are sources (for example source commits): those of one of {@code types}, and those
 * whose id starts with one of {@code idPrefixes} (compared exactly: ids are in normal form).
 */
public record Sources(Set<String> types, List<String> idPrefixes) {
  public Sources {
    types = Set.copyOf(types);
    idPrefixes = List.copyOf(idPrefixes);
    if (idPrefixes.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("an id prefix of a source is not empty");
    }
  }
}
