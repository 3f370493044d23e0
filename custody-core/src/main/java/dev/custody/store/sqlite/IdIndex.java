package dev.custody.store.sqlite;

import dev.custody.model.RecordId;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Record id to log index, in memory: the first 8 bytes of each id map to its index, and the rare
 * ids whose first 8 bytes collide with an earlier id's are kept whole in an overflow map. A hit on
 * the 8-byte key is a candidate that the caller confirms against the stored id; a miss is final.
 * About 16 bytes a record (10 million records: ~250 MiB with the map's slack).
 *
 * <p>Thread safe. Ids are added only after their commit, so a reader never sees an id that is not
 * durably stored.
 */
final class IdIndex {
  static final long NONE = -1;

  private final Long2LongOpenHashMap byKey = new Long2LongOpenHashMap();
  private final Map<RecordId, Long> overflow = new HashMap<>();

  IdIndex() {
    byKey.defaultReturnValue(NONE);
  }

  /** The index of {@code id} if it is known exactly (an overflow entry), else {@link #NONE}. */
  synchronized long exact(RecordId id) {
    Long v = overflow.get(id);
    return v == null ? NONE : v;
  }

  /** The index of the stored id sharing {@code id}'s 8-byte key, or {@link #NONE}. */
  synchronized long candidate(RecordId id) {
    return byKey.get(id.leadingLong());
  }

  /** Adds a stored id that is not in the index yet. */
  synchronized void add(RecordId id, long index) {
    long key = id.leadingLong();
    if (byKey.containsKey(key)) {
      overflow.put(id, index);
    } else {
      byKey.put(key, index);
    }
  }

  synchronized int size() {
    return byKey.size() + overflow.size();
  }
}
