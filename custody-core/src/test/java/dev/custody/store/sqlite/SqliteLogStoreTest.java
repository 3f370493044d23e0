package dev.custody.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.store.LogStore;
import dev.custody.store.LogStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract on SQLite, plus what only the SQLite store does. */
class SqliteLogStoreTest extends LogStoreContract {
  @Override
  protected LogStore open(Path dir) {
    return SqliteLogStore.open(dir.resolve("custody.db"));
  }

  @Test
  void aReadOnlyStoreSeesCommittedRecordsAndRefusesWrites() {
    store.append(records(0, 2), List.of());
    try (SqliteLogStore ro = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
      assertThat(ro.size()).isEqualTo(2);
      assertThat(ro.recordAt(1)).isPresent();
      assertThatThrownBy(() -> ro.append(records(2, 1), List.of()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  private static dev.custody.model.RecordId idWithPrefix(int last) {
    byte[] d = new byte[32];
    java.util.Arrays.fill(d, 0, 8, (byte) 0x5a);
    d[31] = (byte) last;
    return dev.custody.model.RecordId.ofDigest(d);
  }

  @Test
  void idsSharingTheirFirstEightBytesAreToldApart() {
    List<dev.custody.store.StoredRecord> rs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rs.add(
          new dev.custody.store.StoredRecord(
              i, idWithPrefix(i), ("{\"n\":" + i + "}").getBytes(), 1));
    }
    store.append(rs, List.of());
    assertThat(store.findIndexes(List.of(idWithPrefix(2), idWithPrefix(0), idWithPrefix(9))))
        .containsOnly(
            java.util.Map.entry(idWithPrefix(2), 2L), java.util.Map.entry(idWithPrefix(0), 0L));
    assertThat(store.record(idWithPrefix(1)).orElseThrow().index()).isEqualTo(1);
    assertThat(store.record(idWithPrefix(9))).isEmpty();
    store.close();
    store = open(dir);
    assertThat(store.findIndexes(List.of(idWithPrefix(1))))
        .containsOnly(java.util.Map.entry(idWithPrefix(1), 1L));
  }
}
