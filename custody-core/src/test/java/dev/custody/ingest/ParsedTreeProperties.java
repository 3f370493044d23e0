package dev.custody.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The tree {@link RecordParser#parseJsonTrees} hands out with a record is the tree its canonical
 * bytes read as: equal, with members in the same order and numbers of the same node types, on
 * random JSON written in many forms (CanonicalJsonTest's generator).
 */
class ParsedTreeProperties {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private final RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);

  @Property(tries = 1000)
  void theTreeIsTheCanonicalBytesReadBack(@ForAll long seed) throws Exception {
    String text = CanonicalJsonTest.object(new Random(seed), 0);

    assertSameAsReadBack(text);
  }

  @Test
  void numbersWhoseCanonicalFormReadsAsAnotherTypeAreReadBack() throws Exception {
    assertSameAsReadBack(
        "{\"z\":1.0,\"a\":[1E2,-0,1152921504606846976,1180591620717411303424],\"m\":2.50}");
  }

  private void assertSameAsReadBack(String text) throws Exception {
    RecordParser.Parsed parsed =
        parser.parseJsonTrees(text.getBytes(StandardCharsets.UTF_8)).getFirst();
    JsonNode readBack = PLAIN.readTree(parsed.record().canonical());

    assertThat(parsed.tree()).as(text).isEqualTo(readBack);
    // Serialized by a plain mapper: member order and number node types show in the text.
    assertThat(PLAIN.writeValueAsString(parsed.tree()))
        .as(text)
        .isEqualTo(PLAIN.writeValueAsString(readBack));
  }
}
