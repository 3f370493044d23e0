package dev.custody.service;

import dev.custody.model.Edge;
import dev.custody.model.Kind;
import dev.custody.model.Node;
import dev.custody.model.NodeId;
import dev.custody.model.ProvRecord;
import dev.custody.model.Relation;
import dev.custody.store.GraphRecord;
import dev.custody.store.OriginTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Judges a record's times against causality: nothing can use, derive from or be informed by
 * something before it came to be, and nothing is generated before its activity started. A record is
 * flagged {@code causality} when, for one of its {@code used}, {@code wasDerivedFrom}, {@code
 * wasInformedBy} or {@code wasGeneratedBy} edges, the edge's time (its own, else the record's
 * claimed time) is earlier, by more than the tolerance, than the origin of the edge's object (an
 * entity's earliest generation, an activity's earliest start: {@link OriginTimes}) as stated by
 * earlier records or by the same record; an image named by repository and digest and its bare
 * digest share one generation. Order is the log's: a record is judged only against records before
 * it and itself, so a later record never changes an earlier one's flag.
 *
 * <p>The check reads no graph: it knows the origins it was given ({@link #know}, what the store
 * answers for a batch) and those of every record it has judged. Not thread safe: one per batch in
 * the sequencer, one per rebuild in the reindexer (which then holds one origin per generated entity
 * and started activity of the log).
 */
public final class CausalityCheck {
  /** The relations whose object must come to be before the relation happens. */
  private static final Set<Relation> CAUSAL =
      EnumSet.of(
          Relation.USED,
          Relation.WAS_DERIVED_FROM,
          Relation.WAS_INFORMED_BY,
          Relation.WAS_GENERATED_BY);

  private final Duration tolerance;
  private final Map<NodeId, Instant> origins = new HashMap<>();
  // The origins the judged records stated (a subset of origins, which also holds what was known).
  private final Map<NodeId, Instant> learned = new HashMap<>();

  /** A check that forgives {@code tolerance} of disagreement (the policy's maximum skew). */
  public CausalityCheck(Duration tolerance) {
    this.tolerance = tolerance;
  }

  /**
   * What judging {@code records} needs to know: the entities (by {@link OriginTimes#key}) and the
   * activities their causal edges point to.
   */
  public record Referenced(Set<NodeId> entities, Set<NodeId> activities) {
    public boolean isEmpty() {
      return entities.isEmpty() && activities.isEmpty();
    }
  }

  /** The objects of the causal edges of {@code records}, into {@code into}. */
  public static void referenced(Collection<Optional<ProvRecord>> records, Referenced into) {
    for (Optional<ProvRecord> prov : records) {
      if (prov.isEmpty()) {
        continue;
      }
      for (Edge e : prov.get().edges()) {
        if (!CAUSAL.contains(e.relation())) {
          continue;
        }
        if (e.relation().objectKind() == Kind.ENTITY) {
          into.entities().add(OriginTimes.key(e.object()));
        } else {
          into.activities().add(e.object());
        }
      }
    }
  }

  /** Adds origins stated by records already stored. */
  public void know(Map<NodeId, Instant> stored) {
    stored.forEach((id, at) -> origins.merge(id, at, OriginTimes::earlier));
  }

  /** {@code g} with its causality flag set; then the origins {@code g} states are known. */
  public GraphRecord judge(GraphRecord g) {
    Map<NodeId, Instant> own = new HashMap<>();
    for (Node n : g.nodes()) {
      // Only an activity's start is an origin (an entity's is its generation): the store reads
      // starts of activities only, and a rebuild must agree with it.
      Instant start = n.kind() == Kind.ACTIVITY ? OriginTimes.start(n) : null;
      if (start != null) {
        own.merge(n.id(), start, OriginTimes::earlier);
      }
    }
    for (Edge e : g.edges()) {
      Instant generated = OriginTimes.generation(e, g.claimedTime());
      if (generated != null) {
        own.merge(OriginTimes.key(e.subject()), generated, OriginTimes::earlier);
      }
    }
    boolean early = false;
    for (Edge e : g.edges()) {
      if (!CAUSAL.contains(e.relation())) {
        continue;
      }
      NodeId object =
          e.relation().objectKind() == Kind.ENTITY ? OriginTimes.key(e.object()) : e.object();
      @Nullable Instant origin = OriginTimes.earlier(origins.get(object), own.get(object));
      Instant at = e.time() != null ? e.time() : g.claimedTime();
      if (origin != null && at.plus(tolerance).isBefore(origin)) {
        early = true;
        break;
      }
    }
    know(own);
    own.forEach((id, at) -> learned.merge(id, at, OriginTimes::earlier));
    return g.withCausality(early);
  }

  /**
   * The origins the records judged so far stated, earliest each: what a later check must {@link
   * #know} of them while the store does not hold them yet.
   */
  public Map<NodeId, Instant> learned() {
    return learned;
  }
}
