package dev.custody.log.note;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real checkpoints and keys in shared/testdata/merkle/checkpoints (see MANIFEST.md). */
final class Fixtures {
  private static final Path DIR =
      Path.of(System.getProperty("custody.testdata", "/work/shared/testdata"))
          .resolve("merkle/checkpoints");

  private Fixtures() {}

  static byte[] bytes(String file) {
    try {
      return Files.readAllBytes(DIR.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  static JsonNode json(String file) {
    try {
      return new ObjectMapper().readTree(bytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The verifier key string of {@code keyName} in VERIFIER_KEYS.json. */
  static String vkey(String keyName) {
    JsonNode key = json("VERIFIER_KEYS.json").get(keyName);
    if (key == null) {
      throw new IllegalArgumentException("no key " + keyName + " in VERIFIER_KEYS.json");
    }
    return key.get("vkey").asText();
  }

  static NoteVerifier verifier(String keyName) {
    return NoteVerifiers.parse(vkey(keyName));
  }
}
