package dev.custody.service;

import dev.custody.model.RecordId;
import java.util.List;

/**
 * The outcome of one append request, sent once the records are durably committed.
 *
 * @param records one entry per record of the request, in request order
 * @param logSize the size of the log right after the commit that covered the request
 */
public record AppendResult(List<Appended> records, long logSize) {

  /**
   * One record of the request.
   *
   * @param created false when the record was already in the log (same id, same index)
   */
  public record Appended(RecordId id, long index, byte[] leafHash, boolean created) {}

  /** True when at least one record of the request is new. */
  public boolean anyCreated() {
    return records.stream().anyMatch(Appended::created);
  }

  /** The highest index among the request's records. */
  public long maxIndex() {
    return records.stream().mapToLong(Appended::index).max().orElse(-1);
  }
}
