package dev.custody.verify;

import dev.custody.log.TileReader;
import dev.custody.model.RecordId;
import dev.custody.store.StoredCheckpoint;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link LogVerifier} reads a log from: a data directory's store, or a running server over
 * HTTP. A source reports what is stored; it checks nothing itself.
 */
public interface LogSource {

  /** Number of records the source says it holds. */
  long recordCount();

  /** Up to {@code limit} records from {@code from} on, in index order. */
  List<SourceRecord> records(long from, int limit);

  /** Every checkpoint, by increasing size. */
  List<StoredCheckpoint> checkpoints();

  /** The stored tiles of the tree. */
  TileReader tiles();

  /**
   * The bytes of a document kept beside the log ({@code sha256:<hex>}), as the source holds them,
   * or empty when it holds none by that digest.
   */
  Optional<byte[]> payload(String digest);

  /**
   * One stored record.
   *
   * @param storedId the id stored beside the record, or null where the source has none (HTTP)
   */
  record SourceRecord(long index, @Nullable RecordId storedId, byte[] canonical) {}
}
