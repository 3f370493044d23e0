package dev.custody.query;

import dev.custody.model.Kind;
import dev.custody.model.NodeId;
import dev.custody.store.GraphEdge;
import dev.custody.store.LogStore;
import dev.custody.store.NodeAttribute;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When a relation happened, for the {@code since}/{@code until} window of a lineage query. In order
 * of preference:
 *
 * <ol>
 *   <li>the time the producer gave the relation (a generation, usage or invalidation time);
 *   <li>else, when one end is an activity (the subject if both are), the activity's span: its
 *       latest stated {@code prov:startTime} to its latest stated {@code prov:endTime} below the
 *       answer's log size (one of them alone is an instant);
 *   <li>else the asserting record's claimed time (for a PROV-JSON document, its receive time).
 * </ol>
 *
 * A relation lies in the window {@code [since, until)} when its span meets it: it ends at or after
 * {@code since} and starts before {@code until}.
 */
final class EdgeTimes {
  private static final Set<String> ACTIVITY_TIMES = Set.of("prov:startTime", "prov:endTime");

  private EdgeTimes() {}

  /** A closed span of time; an instant when start equals end. */
  record Span(Instant start, Instant end) {
    boolean meets(@Nullable Instant since, @Nullable Instant until) {
      return (since == null || !end.isBefore(since)) && (until == null || start.isBefore(until));
    }
  }

  /** The span of each of {@code edges}, with two batched reads at most. */
  static Map<GraphEdge, Span> of(LogStore store, Collection<GraphEdge> edges, long asOf) {
    Map<GraphEdge, Span> out = new HashMap<>();
    Set<NodeId> activities = new LinkedHashSet<>();
    for (GraphEdge e : edges) {
      if (e.time() != null) {
        out.put(e, new Span(e.time(), e.time()));
      } else {
        NodeId a = activityEnd(e);
        if (a != null) {
          activities.add(a);
        }
      }
    }
    Map<NodeId, Span> spans = activitySpans(store, activities, asOf);
    Set<Long> claimed = new LinkedHashSet<>();
    for (GraphEdge e : edges) {
      if (out.containsKey(e)) {
        continue;
      }
      NodeId a = activityEnd(e);
      Span s = a == null ? null : spans.get(a);
      if (s != null) {
        out.put(e, s);
      } else {
        claimed.add(e.logIndex());
      }
    }
    if (claimed.isEmpty()) {
      return out;
    }
    Map<Long, Instant> times = store.claimedTimes(claimed);
    for (GraphEdge e : edges) {
      Instant t = times.get(e.logIndex());
      if (!out.containsKey(e) && t != null) {
        out.put(e, new Span(t, t));
      }
    }
    return out;
  }

  private static @Nullable NodeId activityEnd(GraphEdge e) {
    if (e.relation().subjectKind() == Kind.ACTIVITY) {
      return e.subject();
    }
    return e.relation().objectKind() == Kind.ACTIVITY ? e.object() : null;
  }

  private static Map<NodeId, Span> activitySpans(
      LogStore store, Set<NodeId> activities, long asOf) {
    Map<NodeId, Span> out = new HashMap<>();
    if (activities.isEmpty()) {
      return out;
    }
    for (Map.Entry<NodeId, List<NodeAttribute>> a :
        store.attributes(activities, ACTIVITY_TIMES, asOf).entrySet()) {
      Instant start = null;
      Instant end = null;
      for (NodeAttribute attr : a.getValue()) { // by log index: the latest statement wins
        Instant t = instant(attr.value());
        if (t == null) {
          continue;
        }
        if (attr.name().equals("prov:startTime")) {
          start = t;
        } else {
          end = t;
        }
      }
      if (start != null || end != null) {
        out.put(a.getKey(), new Span(start != null ? start : end, end != null ? end : start));
      }
    }
    return out;
  }

  /** A time stored as a JSON string; null if it is not one (a PROV attribute can be anything). */
  private static @Nullable Instant instant(String json) {
    if (json.length() < 2 || json.charAt(0) != '"' || json.charAt(json.length() - 1) != '"') {
      return null;
    }
    try {
      return OffsetDateTime.parse(json.substring(1, json.length() - 1)).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
