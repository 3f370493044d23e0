package dev.custody.store.sqlite;

import dev.custody.model.NodeId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stored node ids, parsed once. The graph tables hold ids in normal form, so parsing one again
 * gives the same {@link NodeId}; but {@link NodeId#parse} runs regular expressions, and a lineage
 * walk that reads thousands of edge rows spent most of its time there (docs/BENCHMARKS.md).
 * Bounded: when it holds {@link #MAX} ids it starts over (about 45 MiB at the bound). Thread safe.
 */
final class NodeIdCache {
  static final int MAX = 1 << 18;

  private final ConcurrentHashMap<String, NodeId> ids = new ConcurrentHashMap<>();

  /** The id a stored string names; {@code field} names it if the string is not a valid id. */
  NodeId get(String stored, String field) {
    NodeId id = ids.get(stored);
    if (id != null) {
      return id;
    }
    id = NodeId.parse(stored, field);
    if (ids.size() >= MAX) {
      ids.clear();
    }
    ids.put(stored, id);
    return id;
  }
}
