package dev.custody.query;

import dev.custody.store.GraphNode;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Map;

/**
 * The answer to an impact question: the packages that matched and everything downstream of them,
 * grouped by kind.
 *
 * @param selector the question
 * @param matched the stored packages the question matched, by id
 * @param groups by group name ({@link ImpactService#GROUPS}, in that order): how many things of
 *     that kind are downstream, and the first of them
 * @param truncated true when a bound (matched versions, walk size or depth) stopped the walk, so
 *     the counts are lower bounds
 * @param logSize the log size the answer was computed against
 * @param rootHash the root hash at {@code logSize}
 * @param checkpoint the latest signed checkpoint when the answer was computed
 */
public record Impact(
    PackageSelector selector,
    List<GraphNode> matched,
    Map<String, Group> groups,
    boolean truncated,
    long logSize,
    byte[] rootHash,
    StoredCheckpoint checkpoint) {
  public Impact {
    matched = List.copyOf(matched);
  }

  /**
   * One kind of thing downstream.
   *
   * @param count how many (a thing named by several aliases, an image and its bare digest, counts
   *     once)
   * @param items the first {@code limit} of them, by first log index then id
   */
  public record Group(int count, List<Item> items) {
    public Group {
      items = List.copyOf(items);
    }
  }

  /**
   * One thing downstream.
   *
   * @param node the node (an image by repository and digest rather than its bare digest)
   * @param aliases its other ids (identity links)
   * @param logIndex the log index of the record whose edge first reached it in the walk
   */
  public record Item(GraphNode node, List<String> aliases, long logIndex) {
    public Item {
      aliases = List.copyOf(aliases);
    }
  }
}
