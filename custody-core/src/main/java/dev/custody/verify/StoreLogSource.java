package dev.custody.verify;

import dev.custody.log.TileReader;
import dev.custody.model.Payload;
import dev.custody.store.LogStore;
import dev.custody.store.StoredCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link LogSource} over a {@link LogStore} (a data directory opened directly). */
public final class StoreLogSource implements LogSource {
  private final LogStore store;

  public StoreLogSource(LogStore store) {
    this.store = store;
  }

  @Override
  public long recordCount() {
    return store.size();
  }

  @Override
  public List<SourceRecord> records(long from, int limit) {
    return store.records(from, limit).stream()
        .map(r -> new SourceRecord(r.index(), r.id(), r.canonical()))
        .toList();
  }

  @Override
  public List<StoredCheckpoint> checkpoints() {
    List<StoredCheckpoint> all = new ArrayList<>();
    long from = 0;
    while (true) {
      List<StoredCheckpoint> page = store.checkpoints(from, 1000);
      all.addAll(page);
      if (page.size() < 1000) {
        return all;
      }
      from = page.get(page.size() - 1).size() + 1;
    }
  }

  @Override
  public TileReader tiles() {
    return store;
  }

  @Override
  public Optional<byte[]> payload(String digest) {
    return store.payload(digest).map(Payload::body);
  }
}
