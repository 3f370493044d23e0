package dev.custody.query;

import dev.custody.model.RecordId;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client needs to check that no edge of an answer was invented: for each record that
 * asserted an edge, its id and an RFC 6962 inclusion proof against the answer's root; and the
 * signed checkpoint that root is (or, for an answer at an earlier log size, a consistency proof
 * from the answer's size to that checkpoint).
 *
 * @param size the answer's log size
 * @param rootHash the root hash at {@code size}
 * @param records by log index, in increasing order: each asserting record and its inclusion proof
 * @param checkpoint the latest signed checkpoint when the answer was computed (its note text is
 *     signed by the log's key; empty when the log has signed none)
 * @param consistency the consistency proof from {@code size} to {@code checkpoint.size()}; null
 *     when they are equal or {@code size} is 0 (nothing to prove)
 */
public record AnswerProof(
    long size,
    byte[] rootHash,
    Map<Long, RecordProof> records,
    StoredCheckpoint checkpoint,
    @Nullable List<byte[]> consistency) {

  /** One asserting record: its id and its inclusion proof (sibling hashes, leaf to root). */
  public record RecordProof(RecordId id, List<byte[]> inclusion) {
    public RecordProof {
      inclusion = List.copyOf(inclusion);
    }
  }
}
