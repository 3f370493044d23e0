package dev.custody.store;

import dev.custody.model.Edge;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import dev.custody.model.Rfc3339;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * When a node came to be, as records state it: an entity at each {@code wasGeneratedBy} (the edge's
 * own time, else the claimed time of the record that asserts it), an activity at each stated start
 * ({@code prov:startTime}). The earliest statement counts. An entity's generation is known by its
 * {@link #key}, so an image named by repository and digest and its bare digest share one. Times are
 * kept to the millisecond, as the store keeps them, so the write path and a rebuild compare the
 * same values.
 */
public final class OriginTimes {
  private OriginTimes() {}

  /**
   * The id an entity's generation is known by: the bare digest of an image named by repository and
   * digest (the image and its digest are one thing), else the id itself.
   */
  public static NodeId key(NodeId entity) {
    return entity.digestAlias().orElse(entity);
  }

  /** The origin {@code e} states for its subject, or null if it is not a {@code wasGeneratedBy}. */
  public static @Nullable Instant generation(Edge e, Instant claimedTime) {
    if (e.relation() != Relation.WAS_GENERATED_BY) {
      return null;
    }
    return millis(e.time() != null ? e.time() : claimedTime);
  }

  /** The start {@code n} states (its {@code startedAt}, else a {@code prov:startTime}), or null. */
  public static @Nullable Instant start(Node n) {
    if (n.startedAt() != null) {
      return millis(n.startedAt());
    }
    String stated = n.attributes().get("prov:startTime");
    return stated == null ? null : attributeTime(stated);
  }

  /** A time stated as an attribute value (canonical JSON text), or null if it is not one. */
  public static @Nullable Instant attributeTime(String json) {
    if (json.length() < 2 || json.charAt(0) != '"' || json.charAt(json.length() - 1) != '"') {
      return null;
    }
    String text = json.substring(1, json.length() - 1);
    Instant everyday = Rfc3339.read(text);
    if (everyday != null) {
      return millis(everyday);
    }
    try {
      return millis(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The earlier of two times, either of which may be absent. */
  public static @Nullable Instant earlier(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }
}
