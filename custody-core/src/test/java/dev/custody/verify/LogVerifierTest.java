package dev.custody.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.model.CanonicalRecord;
import dev.custody.model.Payload;
import dev.custody.model.PayloadRefs;
import dev.custody.service.Ed25519CheckpointSigner;
import dev.custody.service.LogConfig;
import dev.custody.service.LogService;
import dev.custody.store.sqlite.SqliteLogStore;
import dev.custody.testing.TestLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogVerifierTest {
  static final ObjectMapper JSON = new ObjectMapper();
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

  /**
   * A log of three records: a Custody record that keeps its document beside the log, and a user's
   * opaque record that happens to have a member of the same name (never looked up).
   */
  private String writeLogWithPayload(Path at) throws Exception {
    JsonNode doc = JSON.createObjectNode().put("pad", "p".repeat(PayloadRefs.INLINE_LIMIT));
    ObjectNode root = JSON.createObjectNode().put("_type", "https://custody.dev/attestation/v1");
    Payload p = PayloadRefs.putJson(root, doc, JSON.writeValueAsBytes(doc)).orElseThrow();
    ObjectNode opaque = JSON.createObjectNode().put("_type", "https://example.com/mine");
    opaque.putObject(PayloadRefs.REF).put("digest", "sha256:" + "0".repeat(64)).put("size", 1);
    try (LogService log =
        new LogService(
            SqliteLogStore.open(at.resolve("custody.db")),
            new Ed25519CheckpointSigner(key),
            LogConfig.DEFAULTS,
            Clock.systemUTC())) {
      List<CanonicalRecord> rs =
          List.of(
              CanonicalRecord.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8)),
              CanonicalRecord.of(JSON.writeValueAsBytes(root)),
              CanonicalRecord.of(JSON.writeValueAsBytes(opaque)));
      long size =
          log.append(
                  rs,
                  Collections.nCopies(3, Optional.empty()),
                  List.of(Optional.empty(), Optional.of(p), Optional.empty()))
              .get(30, TimeUnit.SECONDS)
              .logSize();
      log.awaitCheckpoint(size).get(30, TimeUnit.SECONDS);
    }
    return p.digest();
  }

  private VerifyReport verify(Path at) {
    try (SqliteLogStore store = SqliteLogStore.openReadOnly(at.resolve("custody.db"))) {
      return new LogVerifier(new StoreLogSource(store), key.verifier(), LogVerifier.Progress.NONE)
          .run();
    }
  }

  @Test
  void aPayloadBesideTheLogIsCheckedAgainstTheDigestItsRecordCommitsTo(@TempDir Path other)
      throws Exception {
    String digest = writeLogWithPayload(other);
    assertThat(verify(other).problems()).isEmpty();

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("custody.db"))) {
      c.createStatement()
          .executeUpdate("UPDATE payloads SET body = CAST('{\"pad\":\"q\"}' AS BLOB)");
    }
    assertThat(verify(other).problems())
        .singleElement()
        .satisfies(p ->
            assertThat(p).startsWith("record at index 1: payload " + digest + " does not match"));

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("custody.db"))) {
      c.createStatement().executeUpdate("DELETE FROM payloads");
    }
    assertThat(verify(other).problems())
        .singleElement()
        .isEqualTo("record at index 1 names payload " + digest + ", which is not stored");
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
