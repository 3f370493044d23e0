package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A lineage question. Out-of-range values are refused on construction, naming the parameter.
 *
 * @param id the node to start from (any alias of it gives the same answer)
 * @param depth how many relation hops to follow, 1 to {@link #MAX_DEPTH}; identity links (aliases)
 *     cost nothing
 * @param relations follow only these relations (identity links are always followed); empty: all
 * @param types answer only nodes of these types (the start node is always answered); the walk still
 *     passes through nodes of other types; empty: all
 * @param asOf answer as the graph stood at this log size; null: the latest checkpoint's size
 * @param limit at most this many nodes, 1 to {@link #MAX_LIMIT}
 * @param since follow only relations whose time (see {@link EdgeTimes}) ends at or after this
 *     instant; identity links are always followed; null: no lower bound
 * @param until follow only relations whose time starts before this instant; null: no upper bound
 */
public record LineageQuery(
    NodeId id,
    Direction direction,
    int depth,
    Set<Relation> relations,
    Set<String> types,
    @Nullable Long asOf,
    int limit,
    @Nullable Instant since,
    @Nullable Instant until) {
  public static final int DEFAULT_DEPTH = 5;
  public static final int MAX_DEPTH = 50;
  public static final int DEFAULT_LIMIT = 1000;
  public static final int MAX_LIMIT = 10_000;

  /** Which way to walk. */
  public enum Direction {
    /** From subject to object: towards causes (image, then build, then commit). */
    UPSTREAM,
    /** From object to subject: towards effects (commit, then build, then image). */
    DOWNSTREAM,
    /** Both walks, answered together. */
    BOTH
  }

  public LineageQuery {
    relations = Set.copyOf(relations);
    types = Set.copyOf(types);
    if (depth < 1 || depth > MAX_DEPTH) {
      throw InvalidInputException.badRequest(
          "depth", "'depth' must be in [1, " + MAX_DEPTH + "], got " + depth);
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.badRequest(
          "limit", "'limit' must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    if (asOf != null && asOf < 0) {
      throw InvalidInputException.badRequest("asOf", "'asOf' must not be negative");
    }
    if (since != null && until != null && since.isAfter(until)) {
      throw InvalidInputException.badRequest(
          "since", "'since' (" + since + ") must not be after 'until' (" + until + ")");
    }
  }

  /** A question without a time window. */
  public LineageQuery(
      NodeId id,
      Direction direction,
      int depth,
      Set<Relation> relations,
      Set<String> types,
      @Nullable Long asOf,
      int limit) {
    this(id, direction, depth, relations, types, asOf, limit, null, null);
  }

  /** Whether the query has a time window. */
  public boolean windowed() {
    return since != null || until != null;
  }

  /**
   * The defaults: upstream, depth 5, every relation and type, the latest checkpoint, 1000 nodes.
   */
  public static LineageQuery of(NodeId id, Direction direction) {
    return new LineageQuery(id, direction, DEFAULT_DEPTH, Set.of(), Set.of(), null, DEFAULT_LIMIT);
  }
}
