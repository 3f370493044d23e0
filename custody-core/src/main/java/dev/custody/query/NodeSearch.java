package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.store.GraphNode;
import dev.custody.store.LogStore;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finding nodes by what a person remembers of them: the start of an id ({@code
 * git+https://github.com/acme/shop@}) or part of a name ({@code checkout}, ASCII letters without
 * case). Thread safe; reads only.
 */
public final class NodeSearch {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  public static final int MAX_TEXT = 2048;

  private final LogStore store;

  public NodeSearch(LogStore store) {
    this.store = store;
  }

  /**
   * Up to {@code limit} nodes, by id, whose id starts with {@code q} or whose name contains it, of
   * {@code type} unless that is null. Reads the latest committed graph (no {@code asOf}).
   *
   * @throws InvalidInputException 400 naming {@code q}, {@code type} or {@code limit}
   */
  public List<GraphNode> search(String q, @Nullable String type, int limit) {
    if (q.isEmpty() || q.length() > MAX_TEXT) {
      throw InvalidInputException.badRequest("q", "'q' must be 1 to " + MAX_TEXT + " characters");
    }
    if (type != null && (type.isEmpty() || type.length() > 200)) {
      throw InvalidInputException.badRequest("type", "'type' must be 1 to 200 characters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.badRequest(
          "limit", "'limit' must be in [1, " + MAX_LIMIT + "], got " + limit);
    }
    return store.searchNodes(q, type, limit);
  }
}
