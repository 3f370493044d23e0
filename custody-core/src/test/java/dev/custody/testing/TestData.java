package dev.custody.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real-world test documents ({@code ../shared/testdata}, see its MANIFEST.md).
 * Surefire sets the system property {@code custody.testdata}; runs outside Maven (an IDE) fall back
 * to the machine's shared checkout.
 */
public final class TestData {
  /** The system property naming the test data root. */
  public static final String PROPERTY = "custody.testdata";

  private static final String FALLBACK = "/work/shared/testdata";

  private TestData() {}

  /** The test data root directory. */
  public static Path root() {
    String configured = System.getProperty(PROPERTY);
    Path root = Path.of(configured == null || configured.isBlank() ? FALLBACK : configured);
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException(
          "test data not found at " + root + " (set -D" + PROPERTY + ")");
    }
    return root.toAbsolutePath().normalize();
  }

  /** A path under the test data root, for example {@code merkle/rfc6962-reference-tree.json}. */
  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
