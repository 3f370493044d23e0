package dev.custody.store;

import dev.custody.model.NodeId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a downstream walk from many sources reached ({@link LogStore#reachDownstream}), by position
 * in the order reached (sources first; within a level the order is the backend's).
 *
 * @param ids the nodes reached
 * @param reachedAt for each, the log index of the earliest edge of the level that reached it, or of
 *     the identity link that did; -1 for a source
 * @param classes for each, its class of aliases (itself included) when it has any, else null; one
 *     list object per class
 * @param nodes reads the nodes at some positions, as stated below the walk's log size
 * @param truncated a bound stopped the walk
 */
public record Reach(
    List<NodeId> ids,
    long[] reachedAt,
    List<@Nullable List<NodeId>> classes,
    Nodes nodes,
    boolean truncated) {

  /** The nodes at {@code positions} as stated below the walk's log size; null: never stated. */
  @FunctionalInterface
  public interface Nodes {
    @Nullable GraphNode[] at(int[] positions);
  }
}
