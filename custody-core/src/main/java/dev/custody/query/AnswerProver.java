package dev.custody.query;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Proofs;
import dev.custody.log.TiledHashReader;
import dev.custody.model.RecordId;
import dev.custody.store.GraphEdge;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the {@link AnswerProof} of an answer's edges (one inclusion proof per distinct asserting
 * record, O(log n) tile reads each). Bounded: an answer whose edges come from more than {@link
 * #MAX_RECORDS} records is refused rather than proven in part. Thread safe; reads only.
 */
final class AnswerProver {
  /** The most distinct asserting records an answer with proofs may have. */
  static final int MAX_RECORDS = 1000;

  private final LogStore store;
  private final TiledHashReader hashes;

  AnswerProver(LogStore store, TiledHashReader hashes) {
    this.store = store;
    this.hashes = hashes;
  }

  /**
   * The proof of {@code edges} against the tree of {@code size} leaves (root {@code rootHash}), and
   * of that tree against {@code signed}.
   *
   * @throws InvalidInputException 400 naming {@code proofs} when the edges come from more than
   *     {@link #MAX_RECORDS} records
   */
  AnswerProof prove(
      Collection<GraphEdge> edges, long size, byte[] rootHash, StoredCheckpoint signed) {
    TreeSet<Long> indexes = new TreeSet<>();
    edges.forEach(e -> indexes.add(e.logIndex()));
    return proveRecords(indexes, size, rootHash, signed);
  }

  /**
   * As {@link #prove}, for the records at {@code indexes} (an answer whose items are attributes as
   * well as edges).
   */
  AnswerProof proveRecords(
      TreeSet<Long> indexes, long size, byte[] rootHash, StoredCheckpoint signed) {
    if (indexes.size() > MAX_RECORDS) {
      throw InvalidInputException.badRequest(
          "proofs",
          "the answer's edges come from "
              + indexes.size()
              + " records; 'proofs' proves at most "
              + MAX_RECORDS
              + ": lower 'depth' or 'limit', or narrow with 'relations', 'since' or 'until'");
    }
    Map<Long, RecordId> ids = ids(indexes);
    Map<Long, AnswerProof.RecordProof> records = new LinkedHashMap<>();
    for (long index : indexes) {
      records.put(
          index,
          new AnswerProof.RecordProof(ids.get(index), Proofs.inclusion(hashes, index, size)));
    }
    List<byte[]> consistency =
        size == 0 || size == signed.size() ? null : Proofs.consistency(hashes, size, signed.size());
    return new AnswerProof(size, rootHash, records, signed, consistency);
  }

  /** The ids of the records at {@code indexes}, one range read per run of consecutive indexes. */
  Map<Long, RecordId> ids(TreeSet<Long> indexes) {
    Map<Long, RecordId> out = new HashMap<>();
    Long first = null;
    long last = -1;
    for (long index : indexes) {
      if (first != null && index == last + 1) {
        last = index;
        continue;
      }
      if (first != null) {
        readRun(first, last, out);
      }
      first = index;
      last = index;
    }
    if (first != null) {
      readRun(first, last, out);
    }
    return out;
  }

  private void readRun(long first, long last, Map<Long, RecordId> out) {
    List<RecordId> run = store.recordIds(first, (int) (last - first + 1));
    for (int i = 0; i < run.size(); i++) {
      out.put(first + i, run.get(i));
    }
  }
}
