package dev.custody.store;

import dev.custody.model.NodeId;
import dev.custody.model.Relation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An edge of the provenance graph as stored: {@code subject relation object}, asserted by the
 * record at {@code logIndex}. The same edge asserted by two records is stored twice, once per
 * record.
 *
 * @param time when the producer says the relation happened, if it said
 */
public record GraphEdge(
    NodeId subject, Relation relation, NodeId object, long logIndex, @Nullable Instant time) {

  /**
   * The order edge reads answer in, as SQLite orders the edges table: log index, then subject,
   * relation and object as text (BINARY collation: code point order, not UTF-16 order).
   */
  public static final java.util.Comparator<GraphEdge> LOG_ORDER =
      java.util.Comparator.comparingLong(GraphEdge::logIndex)
          .thenComparing((a, b) -> codePointOrder(a.subject().toString(), b.subject().toString()))
          .thenComparing(e -> e.relation().label())
          .thenComparing((a, b) -> codePointOrder(a.object().toString(), b.object().toString()));

  /** SQLite's BINARY collation: UTF-8 bytes, which order as code points (not as UTF-16 units). */
  public static int codePointOrder(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The end of this edge that is not {@code from}. */
  public NodeId other(NodeId from) {
    return subject.equals(from) ? object : subject;
  }
}
