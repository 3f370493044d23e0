package dev.custody.testing;

import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.model.CanonicalRecord;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.store.sqlite.SqliteLogStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real logs on disk for tests: written through {@link LogService}, then closed. */
public final class TestLogs {
  private TestLogs() {}

  /**
   * Writes records {@code {"n":0}} … {@code {"n":count-1}} into {@code dir/custody.db} in one
   * append, signed by {@code key}, and closes the log: it then holds exactly two checkpoints, of
   * sizes 0 and {@code count}.
   */
  public static void write(Path dir, Ed25519NoteSigner key, int count) throws Exception {
    LogService log =
        new LogService(
            SqliteLogStore.open(dir.resolve("custody.db")),
            new Ed25519CheckpointSigner(key),
            LogConfig.DEFAULTS.withCheckpointInterval(Duration.ofHours(1)),
            Clock.systemUTC());
    List<CanonicalRecord> rs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rs.add(CanonicalRecord.of(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    log.append(rs).get(30, TimeUnit.SECONDS);
    log.close();
  }
}
