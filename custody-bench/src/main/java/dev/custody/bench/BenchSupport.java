package dev.custody.bench;

import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import dev.custody.model.CanonicalRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temp directories, the cache of built data under {@code target/}, and sanity checks. */
final class BenchSupport {
  private BenchSupport() {}

  /**
   * Where built data sets are cached between runs: {@code -Dcustody.bench.cache}, by default {@code
   * custody-bench/target/bench-cache} (run from the repository root).
   */
  static Path cacheDir() {
    Path p = Path.of(System.getProperty("custody.bench.cache", "custody-bench/target/bench-cache"));
    try {
      return Files.createDirectories(p).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh temp directory beside the cache (same disk as the cached stores). */
  static Path tempDir(String prefix) {
    try {
      Path tmp = Files.createDirectories(cacheDir().resolve("tmp"));
      return Files.createTempDirectory(tmp, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(p -> {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails unless the factory's record is byte for byte what RecordParser canonicalizes it to. */
  static void checkCanonical(RecordFactory f) {
    RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);
    for (long seq : new long[] {0, 1, 12_345, 9_999_999}) {
      CanonicalRecord mine = f.record(seq);
      CanonicalRecord parsed = parser.parseJson(mine.canonical()).get(0);
      if (!Arrays.equals(mine.canonical(), parsed.canonical())) {
        throw new IllegalStateException("RecordFactory output is not RFC 8785 canonical: " + seq);
      }
    }
  }
}
