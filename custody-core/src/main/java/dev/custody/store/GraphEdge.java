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

  /** The end of this edge that is not {@code from}. */
  public NodeId other(NodeId from) {
    return subject.equals(from) ? object : subject;
  }
}
