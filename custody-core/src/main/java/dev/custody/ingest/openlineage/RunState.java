package dev.custody.ingest.openlineage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A run's state as Marquez reports it, decided by event time, not arrival: the type of the run's
 * latest event ({@code openlineage:event:<TYPE>} attributes, one per type). On equal times a
 * terminal state (COMPLETE, FAIL, ABORT) wins, so a COMPLETE that arrives before its START, or at
 * the same instant, still ends the run.
 */
public record RunState(String state, Instant at) {
  /** The state stated by {@code attributes} (name to canonical JSON), if any event type is. */
  public static Optional<RunState> of(Map<String, String> attributes) {
    @org.jspecify.annotations.Nullable RunState best = null;
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      if (!a.getKey().startsWith(OpenLineageProjector.A_EVENT_PREFIX)) {
        continue;
      }
      String type = a.getKey().substring(OpenLineageProjector.A_EVENT_PREFIX.length());
      Instant at = parse(a.getValue());
      if (at == null) {
        continue;
      }
      RunState candidate = new RunState(marquez(type), at);
      if (best == null || candidate.beats(best)) {
        best = candidate;
      }
    }
    return Optional.ofNullable(best);
  }

  private boolean beats(RunState other) {
    int c = at.compareTo(other.at);
    if (c != 0) {
      return c > 0;
    }
    if (terminal() != other.terminal()) {
      return terminal();
    }
    return state.compareTo(other.state) > 0;
  }

  /** True for COMPLETED, FAILED, ABORTED. */
  public boolean terminal() {
    return state.equals("COMPLETED") || state.equals("FAILED") || state.equals("ABORTED");
  }

  /** Marquez's name for the state an event type moves a run to. */
  static String marquez(String eventType) {
    return switch (eventType) {
      case "START" -> "RUNNING";
      case "RUNNING" -> "RUNNING";
      case "COMPLETE" -> "COMPLETED";
      case "FAIL" -> "FAILED";
      case "ABORT" -> "ABORTED";
      default -> "NEW";
    };
  }

  private static @org.jspecify.annotations.Nullable Instant parse(String canonicalJsonString) {
    String s = canonicalJsonString;
    if (s.length() < 2 || s.charAt(0) != '"') {
      return null;
    }
    s = s.substring(1, s.length() - 1);
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(s).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e2) {
        return null;
      }
    }
  }
}
