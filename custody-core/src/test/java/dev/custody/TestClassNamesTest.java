package dev.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class with tests is one Maven runs: Surefire picks classes by name ({@code Test*}, {@code
 * *Test}, {@code *Tests}, {@code *TestCase}), and five property classes named {@code *Properties}
 * were written, passed when run by name, and were never run by {@code ./mvnw verify} until this
 * test found them.
 */
class TestClassNamesTest {
  private static final Pattern TEST_ANNOTATION =
      Pattern.compile(
          "^\\s*@(Test|Property|ParameterizedTest|RepeatedTest|TestFactory|Example)\\b",
          Pattern.MULTILINE);
  private static final Pattern ABSTRACT_CLASS = Pattern.compile("\\babstract class\\b");
  private static final Pattern SUREFIRE_NAME =
      Pattern.compile("Test[^/]*\\.java|[^/]*(Test|Tests|TestCase)\\.java");

  @Test
  void everyClassWithTestsHasANameSurefireRuns() throws IOException {
    Path root = repositoryRoot();
    List<String> missed;
    try (Stream<Path> files = Files.walk(root)) {
      missed =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/test/java/"))
              .filter(p -> !p.toString().contains("/target/"))
              .filter(p -> TEST_ANNOTATION.matcher(read(p)).find())
              // an abstract contract runs through the test classes that extend it
              .filter(p -> !ABSTRACT_CLASS.matcher(read(p)).find())
              .filter(p -> !SUREFIRE_NAME.matcher(p.getFileName().toString()).matches())
              .map(p -> root.relativize(p).toString())
              .sorted()
              .toList();
    }
    assertThat(missed).as("test classes Surefire would skip").isEmpty();
  }

  private static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("custody-core"))) {
        return p;
      }
    }
    throw new IllegalStateException("not inside the repository: " + Path.of("").toAbsolutePath());
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
