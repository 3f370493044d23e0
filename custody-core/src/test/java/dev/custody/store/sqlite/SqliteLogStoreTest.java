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
}
