package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.service.SigningKeys;
import dev.custody.testing.TestLogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden transcripts of CLI runs: what a user sees, exit code included. Run with {@code
 * -Dcustody.updateGolden=true} to rewrite the files under {@code src/test/resources/transcripts}
 * after an intended change, and review the diff.
 */
class TranscriptTest {
  private static final Path GOLDEN = Path.of("src/test/resources/transcripts");
  @TempDir Path dir;

  /** A log of 300 records with exactly two checkpoints (sizes 0 and 300). */
  private Path log() throws Exception {
    TestLogs.write(dir, SigningKeys.loadOrCreate(dir, "transcript.example/log"), 300);
    return dir;
  }

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    String transcript =
        "$ custody " + String.join(" ", args) + "\n" + out + err + "[exit " + code + "]\n";
    return transcript.replace(dir.toString(), "<data>");
  }

  private static void assertGolden(String name, String actual) throws Exception {
    Path file = GOLDEN.resolve(name + ".txt");
    if (Boolean.getBoolean("custody.updateGolden")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(file));
  }

  @Test
  void verifyOfAnIntactLog() throws Exception {
    log();
    assertGolden("verify-ok", run("verify", "--data", dir.toString(), "--quiet"));
  }

  @Test
  void verifyOfALogWithAChangedRecord() throws Exception {
    log();
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("custody.db"))) {
      c.createStatement().executeUpdate("UPDATE records SET body = '{\"n\":-1}' WHERE idx = 42");
    }
    assertGolden("verify-changed-record", run("verify", "--data", dir.toString(), "--quiet"));
  }

  @Test
  void verifyWithoutALog() throws Exception {
    assertGolden("verify-no-log", run("verify", "--data", dir.resolve("none").toString()));
  }

  @Test
  void anUnknownCommand() throws Exception {
    assertGolden("unknown-command", run("frobnicate"));
  }
}
