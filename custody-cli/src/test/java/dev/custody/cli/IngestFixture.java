package dev.custody.cli;

import dev.custody.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A directory as a user might hand to {@code custody ingest}: native records in an array, two real
 * PROV-JSON documents (one with a name that does not say so), NDJSON mixing a native record, a bad
 * record and an opaque one, and an opaque JSON object. Eight values: seven good, one refused.
 */
final class IngestFixture {
  /** The bad record's file and line, and what the server says of it. */
  static final String BAD_FILE = "c-events.ndjson";

  static final String BAD_KIND = "thing";

  /** Writes the files under {@code dir}; returns {@code dir}. */
  static Path write(Path dir) throws IOException {
    List<byte[]> graph = GraphFixture.requests();
    Files.createDirectories(dir.resolve("b-prov"));
    // BUILD and DEPLOY, pretty-printed in one array.
    write(
        dir.resolve("a-native.json"), "[" + text(graph.get(0)) + ",\n" + text(graph.get(2)) + "]");
    Path prov = TestData.resolve("prov/prov-json/trungdong-prov/json");
    Files.copy(prov.resolve("activity2.json"), dir.resolve("b-prov/activity2.json"));
    Files.copy(prov.resolve("entity1.json"), dir.resolve("b-prov/entity1.data"));
    String bad =
        "{\"_type\": \"https://custody.dev/record/v1\", \"producer\": \"https://ci.acme.dev\","
            + " \"time\": \"2026-11-25T12:30:00Z\", \"nodes\": [{\"id\": \"https://acme.dev/x\","
            + " \"kind\": \""
            + BAD_KIND
            + "\"}]}";
    write(
        dir.resolve(BAD_FILE),
        oneLine(graph.get(3)) + "\n" + bad + "\n" + "{\"note\": \"an opaque line\"}\n");
    write(dir.resolve("d-opaque.json"), "{\n  \"note\": \"not provenance\",\n  \"n\": 1\n}\n");
    Files.writeString(dir.resolve(".hidden.json"), "not even JSON");
    return dir;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String oneLine(byte[] b) {
    return text(b).replace("\n", " ").strip();
  }

  private static void write(Path file, String s) throws IOException {
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  private IngestFixture() {}
}
