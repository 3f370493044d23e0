package dev.custody.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.TestLogs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogVerifierTest {
  @TempDir Path dir;
  final Ed25519NoteSigner key = Ed25519NoteSigner.generate("verify.test/log");

  @BeforeEach
  void makeLog() throws Exception {
    TestLogs.write(dir, key, 40);
  }

  private VerifyReport verify() {
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
      return new LogVerifier(new StoreLogSource(store), key.verifier(), LogVerifier.Progress.NONE)
          .run();
    }
  }

  @Test
  void anIntactLogVerifies() {
    VerifyReport r = verify();
    assertThat(r.problems()).isEmpty();
    assertThat(r.leaves()).isEqualTo(40);
    assertThat(r.checkpoints()).isEqualTo(2);
  }

  @Test
  void aRecordStoredTwiceIsNamedWithBothIndexes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("custody.db"))) {
      c.createStatement()
          .executeUpdate(
              "UPDATE records SET body = (SELECT body FROM records WHERE idx = 5),"
                  + " id = (SELECT id FROM records WHERE idx = 5) WHERE idx = 30");
    }
    assertThat(verify().problems())
        .anySatisfy(
            p -> assertThat(p).startsWith("record at index 30 repeats the record at index 5"));
  }

  @Test
  void aVerifierKeyOtherThanTheLogsFailsEveryCheckpoint() {
    Ed25519NoteSigner other = Ed25519NoteSigner.generate("verify.test/log");
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(dir.resolve("custody.db"))) {
      VerifyReport r =
          new LogVerifier(new StoreLogSource(store), other.verifier(), LogVerifier.Progress.NONE)
              .run();
      assertThat(r.problems()).hasSize(2).allSatisfy(p -> assertThat(p).contains("signature"));
    }
  }
}
