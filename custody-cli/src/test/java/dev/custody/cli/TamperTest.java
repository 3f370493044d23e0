package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.custody.cli.testing.LogClient;
import dev.custody.cli.testing.ServerProcess;
import dev.custody.log.Rfc6962;
import dev.custody.log.note.Checkpoint;
import dev.custody.log.note.Ed25519NoteSigner;
import dev.custody.log.note.NoteVerifier;
import dev.custody.log.note.SignedCheckpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tampering with a log's SQLite file behind the server's back: {@code custody verify} must fail and
 * name exactly what was changed (the record index, the tile, or the checkpoint size), and accuse
 * nothing before it.
 *
 * <p>The log is made once by a real server (600 records in six requests, a checkpoint after each,
 * so two full level-0 tiles, a partial one and a partial level-1 tile) and copied for each test.
 */
class TamperTest {
  private static final int BATCHES = 6;
  private static final int PER_BATCH = 100;
  private static final int RECORDS = BATCHES * PER_BATCH;
  private static final byte[] FORGED =
      "{\"forged\":true,\"i\":300}".getBytes(StandardCharsets.UTF_8);

  @TempDir static Path made;
  @TempDir Path work;

  private static Path template;
  private Path data;

  @BeforeAll
  static void makeLog() throws Exception {
    template = made.resolve("data");
    try (ServerProcess server =
        ServerProcess.start(
            template, made.resolve("server.log"), "--checkpoint-interval-ms", "50")) {
      LogClient client = new LogClient(server.baseUrl());
      NoteVerifier key = LogClient.verifierKey(template);
      for (int b = 0; b < BATCHES; b++) {
        HttpResponse<String> r = client.postRecords(batch(b));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long size = (b + 1L) * PER_BATCH;
        client.awaitCheckpoint(key, cp -> cp.size() == size, Duration.ofSeconds(30));
      }
      server.stop();
    }
    try (Connection c = db(template)) {
      assertThat(longs(c, "SELECT size FROM checkpoints ORDER BY size"))
          .as("one checkpoint per batch, after the empty one")
          .containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L);
      assertThat(longs(c, "SELECT level * 1000 + idx FROM tiles ORDER BY level, idx"))
          .as("tiles 0/0, 0/1, 0/2 (partial) and 1/0 (partial)")
          .containsExactly(0L, 1L, 2L, 1000L);
    }
  }

  private static byte[] batch(int b) {
    StringBuilder json = new StringBuilder("[");
    for (int k = 0; k < PER_BATCH; k++) {
      if (k > 0) {
        json.append(',');
      }
      json.append("{\"batch\":").append(b).append(",\"i\":").append(b * PER_BATCH + k);
      json.append(",\"kind\":\"tamper-fixture\"}");
    }
    return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  @BeforeEach
  void copyLog() throws IOException {
    data = work.resolve("data");
    Files.createDirectories(data);
    try (Stream<Path> files = Files.list(template)) {
      for (Path f : files.toList()) {
        Files.copy(f, data.resolve(f.getFileName()));
      }
    }
  }

  // ---- control --------------------------------------------------------------------------------

  @Test
  void untamperedLogVerifies() {
    Verdict v = verify();
    assertThat(v.status()).as(v.toString()).isZero();
    assertThat(v.out()).contains("600 leaves, 7 checkpoints");
  }

  // ---- records --------------------------------------------------------------------------------

  @Test
  void changedBodyIsNamedByItsIndex() throws SQLException {
    update("UPDATE records SET body = ? WHERE idx = 300", FORGED);
    Verdict v = verify();
    v.assertFailedNaming(Set.of(300L));
    assertThat(v.errors()).anyMatch(e -> e.contains("record at index 300: its content hashes to"));
    v.assertNoCheckpointAtOrBelow(300);
  }

  @Test
  void changedBodyWithMatchingIdIsNamedByItsIndex() throws SQLException {
    update("UPDATE records SET body = ?, id = ? WHERE idx = 300", FORGED, sha256(FORGED));
    Verdict v = verify();
    v.assertFailedNaming(Set.of(300L));
    assertThat(v.errors()).anyMatch(e -> e.startsWith("leaf at index 300:"));
    v.assertNoCheckpointAtOrBelow(300);
  }

  @Test
  void changedIdIsNamedByItsIndex() throws SQLException {
    update("UPDATE records SET id = ? WHERE idx = 300", sha256(FORGED));
    Verdict v = verify();
    v.assertFailedNaming(Set.of(300L));
    assertThat(v.errors()).anyMatch(e -> e.contains("record at index 300: its content hashes to"));
  }

  @Test
  void deletedMiddleRecordIsNamedByItsIndex() throws SQLException {
    update("DELETE FROM records WHERE idx = 300");
    Verdict v = verify();
    v.assertFailedNaming(Set.of(300L));
    assertThat(v.errors()).anyMatch(e -> e.startsWith("record at index 300 is missing"));
    v.assertNoCheckpointAtOrBelow(300);
  }

  @Test
  void deletedLastRecordIsNamedByTheCheckpointCoveringIt() throws SQLException {
    update("DELETE FROM records WHERE idx = 599");
    Verdict v = verify();
    v.assertFailedNaming(Set.of());
    assertThat(v.checkpointSizes()).containsExactly(600L);
  }

  @Test
  void swappedRecordsAreNamedByBothIndexes() throws SQLException {
    try (Connection c = db(data)) {
      byte[][] a = row(c, 100);
      byte[][] b = row(c, 400);
      // ids are UNIQUE: park one on a placeholder first.
      exec(c, "UPDATE records SET id = ? WHERE idx = 100", (Object) new byte[32]);
      exec(c, "UPDATE records SET id = ?, body = ? WHERE idx = 400", a[0], a[1]);
      exec(c, "UPDATE records SET id = ?, body = ? WHERE idx = 100", b[0], b[1]);
    }
    Verdict v = verify();
    v.assertFailedNaming(Set.of(100L, 400L));
    assertThat(v.errors())
        .anyMatch(e -> e.startsWith("leaf at index 100:"))
        .anyMatch(e -> e.startsWith("leaf at index 400:"));
    v.assertNoCheckpointAtOrBelow(100);
  }

  // ---- tiles ----------------------------------------------------------------------------------

  @Test
  void changedHashInFullLevel0TileIsNamedByTheLeafIndex() throws SQLException {
    flipTileHash(0, 1, 44);
    Verdict v = verify();
    v.assertFailedNaming(Set.of(300L));
    assertThat(v.errors()).anyMatch(e -> e.startsWith("leaf at index 300:"));
  }

  @Test
  void changedHashInPartialLevel0TileIsNamedByTheLeafIndex() throws SQLException {
    flipTileHash(0, 2, 10);
    Verdict v = verify();
    v.assertFailedNaming(Set.of(522L));
    assertThat(v.errors()).anyMatch(e -> e.startsWith("leaf at index 522:"));
  }

  @Test
  void changedHashInPartialLevel1TileIsNamedByTheTile() throws SQLException {
    // A full level-1 tile needs 65,536 leaves; the partial one holds the roots of 0/0 and 0/1.
    flipTileHash(1, 0, 1);
    Verdict v = verify();
    v.assertFailedNaming(Set.of());
    assertThat(v.errors()).anyMatch(e -> e.startsWith("tile 1/0: hash 1 differs"));
  }

  // ---- checkpoints ----------------------------------------------------------------------------

  @Test
  void changedNoteSignatureIsNamedByCheckpointSize() throws SQLException {
    String note = note(300);
    int sig = note.lastIndexOf(' ') + 1;
    byte[] s = Base64.getDecoder().decode(note.substring(sig).trim());
    s[10] ^= 1; // past the 4-byte key hash: the signature itself
    setNote(300, note.substring(0, sig) + Base64.getEncoder().encodeToString(s) + "\n");
    assertCheckpointNamed(300, "signature check failed");
  }

  @Test
  void changedRootInSignedNoteIsNamedByCheckpointSize() throws SQLException {
    String note = note(300);
    String[] lines = note.split("\n", -1);
    lines[2] = Base64.getEncoder().encodeToString(sha256(FORGED));
    setNote(300, String.join("\n", lines));
    assertCheckpointNamed(300, "signature check failed");
  }

  @Test
  void changedRootColumnIsNamedByCheckpointSize() throws SQLException {
    update("UPDATE checkpoints SET root = ? WHERE size = 300", sha256(FORGED));
    assertCheckpointNamed(300, "the stored columns say size 300 root ");
  }

  @Test
  void changedSizeColumnIsNamedByBothSizes() throws SQLException {
    update("UPDATE checkpoints SET size = 350 WHERE size = 300");
    Verdict v = verify();
    v.assertFailedNaming(Set.of());
    assertThat(v.errors())
        .as(v.toString())
        .singleElement(STRING)
        .startsWith("checkpoint at size 350: its signed note says size 300 root ")
        .contains("the stored columns say size 350 root ");
  }

  @Test
  void noteSignedByAnotherKeyIsNamedByCheckpointSize() throws SQLException {
    Checkpoint real = Checkpoint.parse(note(300).substring(0, note(300).indexOf("\n\n") + 1));
    Ed25519NoteSigner impostor = Ed25519NoteSigner.generate(real.origin());
    setNote(300, SignedCheckpoint.sign(real, impostor));
    assertCheckpointNamed(300, "signature check failed");
  }

  /**
   * Not detectable from the data directory alone: the checkpoints either side stay consistent. Only
   * a client or witness holding the deleted checkpoint can tell; the count shows it.
   */
  @Test
  void deletedMiddleCheckpointGoesUnnoticedBecauseItsNeighboursStayConsistent()
      throws SQLException {
    update("DELETE FROM checkpoints WHERE size = 300");
    Verdict v = verify();
    assertThat(v.status()).as(v.toString()).isZero();
    assertThat(v.out()).contains("600 leaves, 6 checkpoints");
  }

  private void assertCheckpointNamed(long size, String why) {
    Verdict v = verify();
    v.assertFailedNaming(Set.of());
    assertThat(v.checkpointSizes()).as(v.toString()).containsExactly(size);
    assertThat(v.errors())
        .anyMatch(e -> e.startsWith("checkpoint at size " + size + ": ") && e.contains(why));
  }

  // ---- verify and what it said ----------------------------------------------------------------

  private static final Pattern INDEX = Pattern.compile("index (\\d+)");
  private static final Pattern SIZES =
      Pattern.compile("checkpoints? at sizes? (\\d+)(?: and (\\d+))?");

  private record Verdict(int status, String out, String err) {
    List<String> errors() {
      return err.lines()
          .filter(l -> l.startsWith("custody: error: "))
          .map(l -> l.substring("custody: error: ".length()))
          .toList();
    }

    Set<Long> indexes() {
      return numbers(INDEX, 1);
    }

    Set<Long> checkpointSizes() {
      return numbers(SIZES, 2);
    }

    private Set<Long> numbers(Pattern p, int groups) {
      Set<Long> found = new TreeSet<>();
      for (String e : errors()) {
        Matcher m = p.matcher(e);
        while (m.find()) {
          for (int g = 1; g <= groups; g++) {
            if (m.group(g) != null) {
              found.add(Long.parseLong(m.group(g)));
            }
          }
        }
      }
      return found;
    }

    /** Exit 1, and the record indexes named are exactly {@code indexes}. */
    void assertFailedNaming(Set<Long> indexes) {
      assertThat(status).as(toString()).isEqualTo(1);
      assertThat(errors()).as(toString()).isNotEmpty();
      assertThat(indexes()).as(toString()).containsExactlyInAnyOrderElementsOf(indexes);
    }

    /** Checkpoints that do not cover the tampered record are not accused. */
    void assertNoCheckpointAtOrBelow(long index) {
      assertThat(checkpointSizes()).as(toString()).allMatch(s -> s > index);
    }

    @Override
    public String toString() {
      return "verify exited " + status + ":\n" + out + err;
    }
  }

  private Verdict verify() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Main.run(
            new String[] {"verify", "--data", data.toString(), "--quiet"},
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Verdict(status, out.toString(), err.toString());
  }

  // ---- SQL behind the server's back -----------------------------------------------------------

  private static Connection db(Path dir) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(DataDir.DB_FILE));
  }

  private void update(String sql, Object... args) throws SQLException {
    try (Connection c = db(data)) {
      exec(c, sql, args);
    }
  }

  private static void exec(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  private static byte[][] row(Connection c, long idx) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, body FROM records WHERE idx = ?")) {
      ps.setLong(1, idx);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return new byte[][] {rs.getBytes(1), rs.getBytes(2)};
      }
    }
  }

  private void flipTileHash(int level, long idx, int hash) throws SQLException {
    try (Connection c = db(data);
        PreparedStatement ps =
            c.prepareStatement("SELECT hashes FROM tiles WHERE level = ? AND idx = ?")) {
      ps.setInt(1, level);
      ps.setLong(2, idx);
      byte[] hashes;
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("tile %d/%d", level, idx).isTrue();
        hashes = rs.getBytes(1);
      }
      assertThat(hashes.length).isGreaterThan(hash * Rfc6962.HASH_SIZE);
      hashes[hash * Rfc6962.HASH_SIZE + 7] ^= 0x20;
      exec(c, "UPDATE tiles SET hashes = ? WHERE level = ? AND idx = ?", hashes, level, idx);
    }
  }

  private String note(long size) throws SQLException {
    try (Connection c = db(data);
        PreparedStatement ps = c.prepareStatement("SELECT note FROM checkpoints WHERE size = ?")) {
      ps.setLong(1, size);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private void setNote(long size, String note) throws SQLException {
    update("UPDATE checkpoints SET note = ? WHERE size = ?", note, size);
  }

  private static List<Long> longs(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  private static byte[] sha256(byte[] b) {
    return Rfc6962.sha256().digest(b);
  }
}
