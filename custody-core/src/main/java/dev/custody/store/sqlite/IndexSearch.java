package dev.custody.store.sqlite;

import dev.custody.store.GraphNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Node search and id-prefix reads on the in-memory {@link GraphIndex}, answering what the SQL over
 * the nodes table answered (kept in the tests as {@code SqlGraphOracle}): ids compared as SQLite
 * compares text (UTF-8 bytes, that is code points), names matched with ASCII letters folded as
 * SQLite's {@code lower()} folds them (no other letter), nodes as the nodes table holds them
 * (latest type and name), by id.
 */
final class IndexSearch {
  private static final int MAX_CODE_POINT = 0x10FFFF;

  private IndexSearch() {}

  /** As {@code LogStore.searchNodes}; null if the index is broken. */
  static @Nullable List<GraphNode> search(
      GraphIndex index, String text, @Nullable String type, int limit) {
    String q = asStored(text);
    return index.read(g -> {
      // In id order, stopping at the limit: a common prefix ("job:") ends early; a name
      // found by few nodes costs a look at every node, as SQL's scan did.
      long cap = limit < 0 ? Long.MAX_VALUE : limit; // SQLite: a negative LIMIT is none
      List<GraphNode> out = new ArrayList<>();
      int[] order = cap == 0 ? new int[0] : g.idOrder();
      for (int k = 0; k < order.length && out.size() < cap; k++) {
        int n = order[k];
        if (g.firstIndex(n) < 0 || type != null && !type.equals(g.latestType(n))) {
          continue;
        }
        if (inPrefixRange(g.id(n).toString(), q) || containsFolded(g.latestName(n), q)) {
          out.add(node(g, n));
        }
      }
      return out;
    });
  }

  /** As {@code LogStore.nodesWithIdPrefix}; null if the index is broken. */
  static @Nullable List<GraphNode> withIdPrefix(
      GraphIndex index, String prefix, long asOf, int limit) {
    String p = asStored(prefix);
    return index.read(g -> {
      int[] order = g.idOrder();
      int lo = 0;
      int hi = order.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (GraphIndex.codePointOrder(g.id(order[mid]).toString(), p) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      long cap = limit < 0 ? Long.MAX_VALUE : limit; // SQLite: a negative LIMIT is none
      List<GraphNode> out = new ArrayList<>();
      for (int k = lo; k < order.length && out.size() < cap; k++) {
        int n = order[k];
        if (!inPrefixRange(g.id(n).toString(), p)) {
          break;
        }
        long first = g.firstIndex(n);
        if (first >= 0 && first < asOf) {
          out.add(node(g, n));
        }
      }
      return out;
    });
  }

  private static GraphNode node(GraphIndex g, int n) {
    return new GraphNode(g.id(n), g.kind(n), g.latestType(n), g.latestName(n), g.firstIndex(n));
  }

  /**
   * SQL's {@code id >= prefix AND id < prefix || U+10FFFF}: the ids that start with {@code prefix},
   * except those whose next character is U+10FFFF itself (they sort at or above the bound). An id
   * that does not start with the prefix but sorts above it differs from it at a character within
   * it, so it sorts above the bound too.
   */
  static boolean inPrefixRange(String id, String prefix) {
    return id.startsWith(prefix)
        && (id.length() == prefix.length() || id.codePointAt(prefix.length()) != MAX_CODE_POINT);
  }

  /** SQL's {@code instr(lower(name), lower(text)) > 0}: a null name matches nothing. */
  static boolean containsFolded(@Nullable String name, String text) {
    if (name == null) {
      return false;
    }
    int last = name.length() - text.length();
    for (int i = 0; i <= last; i++) {
      if (foldedAt(name, i, text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean foldedAt(String name, int at, String text) {
    for (int j = 0; j < text.length(); j++) {
      if (lower(name.charAt(at + j)) != lower(text.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  /** SQLite's {@code lower()} without ICU: ASCII letters only. */
  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * The text as the SQL path bound it: the driver encodes it as UTF-8, where an unpaired surrogate
   * becomes '?'.
   */
  static String asStored(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
