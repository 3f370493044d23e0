package dev.custody.model;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A PROV node as a record states it.
 *
 * @param type what the thing is ({@code git-commit}, {@code build}, {@code container-image}, or any
 *     other string: types are data, not code)
 * @param attributes attribute name to value, each value as RFC 8785 canonical JSON text
 * @param startedAt for activities, when the producer says it started
 * @param endedAt for activities, when the producer says it ended
 */
public record Node(
    NodeId id,
    Kind kind,
    @Nullable String type,
    @Nullable String name,
    Map<String, String> attributes,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt) {
  public Node {
    attributes = Map.copyOf(attributes);
  }
}
