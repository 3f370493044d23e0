package dev.custody.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CLI run in process (what a user sees: command, stdout, stderr, exit status), and golden files
 * of such runs under {@code src/test/resources/transcripts}, rewritten with {@code
 * -Dcustody.updateGolden=true}.
 */
final class Transcript {
  static final Path GOLDEN = Path.of("src/test/resources/transcripts");

  private final Map<String, String> masks = new LinkedHashMap<>();

  /** Replaces {@code text} (a temporary directory, a port) with {@code placeholder}. */
  Transcript mask(String text, String placeholder) {
    masks.put(text, placeholder);
    return this;
  }

  /** One run. */
  record Run(int status, String out, String err, String transcript) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    String t = "$ custody " + String.join(" ", args) + "\n" + out + err + "[exit " + code + "]\n";
    return new Run(code, mask(out.toString()), mask(err.toString()), mask(t));
  }

  private String mask(String s) {
    for (Map.Entry<String, String> m : masks.entrySet()) {
      s = s.replace(m.getKey(), m.getValue());
    }
    return s;
  }

  static void assertGolden(String name, String actual) throws Exception {
    Path file = GOLDEN.resolve(name + ".txt");
    if (Boolean.getBoolean("custody.updateGolden")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(file));
  }
}
