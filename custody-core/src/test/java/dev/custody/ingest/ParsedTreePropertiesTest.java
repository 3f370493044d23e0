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
class ParsedTreePropertiesTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();
  private final RecordParser parser = new RecordParser(RecordLimits.DEFAULTS);

  @Property(tries = 1000)
  void theTreeIsTheCanonicalBytesReadBack(@ForAll long seed) throws Exception {
    String text = CanonicalJsonTest.object(new Random(seed), 0);

    assertSameAsReadBack(text);
  }

  @Property(tries = 1000)
  void aBodyIsAcceptedOrRefusedAsTokenByTokenReadingDoes(@ForAll long seed) {
    Random random = new Random(seed);
    String text = CanonicalJsonTest.object(random, 0);
    String body = random.nextBoolean() ? text : "[" + text + "," + spoil(text, random) + "]";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(outcome(() -> parser.parseJsonTrees(bytes)))
        .as(body)
        .isEqualTo(outcome(() -> parser.readChecked(bytes)));
  }

  /** {@code text} with one offence at a random place, or unchanged. */
  private static String spoil(String text, Random random) {
    String[] offences = {
      "\\uD800",
      "1e400",
      "123456789012345678901",
      "9007199254740993",
      "{\"a\":1,\"a\":2}",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
      "tru",
      "1.5",
      "2.5e3"
    };
    String offence = offences[random.nextInt(offences.length)];
    String value = offence.startsWith("\\") ? "\"" + offence + "\"" : offence;
    int close = text.lastIndexOf('}');
    String sep = text.substring(0, close).trim().endsWith("{") ? "" : ",";
    return random.nextInt(4) == 0
        ? text
        : text.substring(0, close) + sep + "\"spoiled\":" + value + "}";
  }

  /** What parsing gives: the canonical bytes and trees, or the refusal's status, field, detail. */
  private static String outcome(
      java.util.function.Supplier<java.util.List<RecordParser.Parsed>> parse) {
    try {
      StringBuilder b = new StringBuilder();
      for (RecordParser.Parsed p : parse.get()) {
        b.append(new String(p.record().canonical(), StandardCharsets.UTF_8))
            .append(' ')
            .append(PLAIN.valueToTree(p.tree()).toString())
            .append('\n');
      }
      return b.toString();
    } catch (dev.custody.error.InvalidInputException e) {
      return e.status() + " " + e.field() + " " + e.detail();
    }
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
