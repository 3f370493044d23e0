package dev.custody.store;

import dev.custody.log.Tile;
import dev.custody.log.TileReader;
import dev.custody.model.RecordId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of the log: records, the tiles of its Merkle tree, and every checkpoint ever
 * published. Every backend (SQLite embedded, PostgreSQL) implements this and passes the same
 * contract suite ({@code LogStoreContract} in the test jar).
 *
 * <p>Thread safety: reads may run concurrently with each other and with one writer. Writes ({@link
 * #append}, {@link #addCheckpoint}) come from a single writer thread. A write method returns only
 * once its transaction is durably committed; if it throws, nothing was written.
 */
public interface LogStore extends TileReader, AutoCloseable {

  /** Number of records committed, which is the size of the log. */
  long size();

  /** Indexes of those of {@code ids} that are stored; ids not stored are absent. */
  Map<RecordId, Long> findIndexes(Collection<RecordId> ids);

  /**
   * Commits, in one transaction, records whose indexes continue the log without gaps ({@code
   * size()}, {@code size() + 1}, ...) and the tiles those records changed (replacing stored ones
   * with the same coordinates).
   *
   * @throws dev.custody.error.InternalException if the transaction fails (nothing is written)
   */
  void append(List<StoredRecord> records, List<Tile> tiles);

  /** Stores a newly published checkpoint; its size must exceed every stored one. */
  void addCheckpoint(StoredCheckpoint checkpoint);

  Optional<StoredRecord> recordAt(long index);

  Optional<StoredRecord> record(RecordId id);

  /** Up to {@code limit} records from {@code fromIndex} on, in index order. */
  List<StoredRecord> records(long fromIndex, int limit);

  /** Ids of up to {@code limit} records from {@code fromIndex} on, in index order. */
  List<RecordId> recordIds(long fromIndex, int limit);

  Optional<StoredCheckpoint> latestCheckpoint();

  /** Up to {@code limit} checkpoints with size at least {@code fromSize}, by increasing size. */
  List<StoredCheckpoint> checkpoints(long fromSize, int limit);

  /** Releases connections; the store is unusable afterwards. */
  @Override
  void close();
}
