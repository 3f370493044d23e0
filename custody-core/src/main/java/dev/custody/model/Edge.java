package dev.custody.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A PROV relation as a record states it: {@code subject relation object}, in PROV-DM's reading
 * order ("image wasGeneratedBy build").
 *
 * @param attributes attribute name to value, each value as RFC 8785 canonical JSON text
 */
public record Edge(
    NodeId subject,
    Relation relation,
    NodeId object,
    @Nullable Instant time,
    Map<String, String> attributes) {
  public Edge {
    attributes = Map.copyOf(attributes);
  }
}
