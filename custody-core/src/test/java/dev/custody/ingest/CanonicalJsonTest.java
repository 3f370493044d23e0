package dev.custody.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

/**
 * Custody's RFC 8785 writer gives the bytes the JCS reference library gives, on random JSON texts
 * written in many forms (member order, white space, escapes, number spellings), and on the RFC's
 * own examples.
 */
class CanonicalJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] NAMES = {
    "a", "b", "B", "", "é", "\uFF21", "\uD83D\uDE00", "\u20ac", "\r", "1", "aa", "\u0080"
  };
  private static final String[] CHARS = {
    "a",
    "\"",
    "\\",
    "/",
    "\b",
    "\f",
    "\n",
    "\r",
    "\t",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u2028",
    "é",
    "\uD83D\uDE00",
    " ",
    "<",
    "\u00e9"
  };

  @Property(tries = 500)
  void theSameBytesAsTheReferenceLibrary(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    String text = "[" + value(random, 0) + "]";

    String reference = new JsonCanonicalizer(text).getEncodedString();

    assertThat(CanonicalJson.text(JSON.readTree(text))).as(text).isEqualTo(reference);
  }

  /** On well-formed strings (every string the generator makes), the strict write is the same. */
  @Property(tries = 200)
  void theStrictWriteGivesTheSameBytesOnWellFormedStrings(@ForAll long seed) throws Exception {
    String text = "[" + value(new Random(seed), 0) + "]";
    var tree = JSON.readTree(text);

    assertThat(CanonicalJson.utf8IfWellFormed(tree, 16)).isEqualTo(CanonicalJson.utf8(tree));
  }

  @Test
  void theStrictWriteRefusesAnUnpairedSurrogateWhereverItIs() throws Exception {
    JsonNodeFactory f = JsonNodeFactory.instance;
    String[] unpaired = {"\uD800", "x\uD800", "\uD800x", "\uDC00", "\uDC00\uD800", "a\uDBFF"};
    for (String u : unpaired) {
      ObjectNode inName = f.objectNode();
      inName.putObject("z").putNull(u);
      for (JsonNode doc :
          List.of(
              f.objectNode().put("a", u),
              f.objectNode().put(u, 1),
              f.arrayNode().add(1).add(f.objectNode().set("b", f.arrayNode().add("ok").add(u))),
              inName)) {
        assertThat(CanonicalJson.utf8IfWellFormed(doc, 16)).as(doc.toString()).isNull();
      }
    }
    // A pair, and a pair beside escapes, are written as UTF-8.
    var paired = JSON.readTree("{\"\\ud83d\\ude00\":\"\\\"\\ud83d\\ude00\\n\"}");
    assertThat(new String(CanonicalJson.utf8IfWellFormed(paired, 16), UTF_8))
        .isEqualTo("{\"\uD83D\uDE00\":\"\\\"\uD83D\uDE00\\n\"}");
  }

  @Test
  void theRfcsExample() throws Exception {
    String input =
        """
        {"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
         "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
         "literals": [null, true, false]}
        """;
    assertThat(CanonicalJson.text(JSON.readTree(input)))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void aValueJsonHasNoFormForIsRefused() {
    assertThatThrownBy(() -> CanonicalJson.text(JsonNodeFactory.instance.numberNode(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CanonicalJson.text(JsonNodeFactory.instance.binaryNode(new byte[] {1})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String value(Random random, int depth) {
    int pick = random.nextInt(depth > 3 ? 4 : 7);
    return switch (pick) {
      case 0 -> string(random);
      case 1 -> number(random);
      case 2 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
      case 3 -> string(random);
      case 4, 5 -> object(random, depth);
      default -> array(random, depth);
    };
  }

  static String object(Random random, int depth) {
    StringBuilder b = new StringBuilder("{");
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      String name = NAMES[random.nextInt(NAMES.length)] + (random.nextBoolean() ? "" : "x");
      if (!used.add(name)) {
        continue;
      }
      b.append(b.length() > 1 ? "," : "").append(space(random)).append(quote(name, random));
      b.append(space(random)).append(':').append(space(random)).append(value(random, depth + 1));
    }
    return b.append(space(random)).append('}').toString();
  }

  private static String array(Random random, int depth) {
    StringBuilder b = new StringBuilder("[");
    for (int i = random.nextInt(4); i > 0; i--) {
      b.append(b.length() > 1 ? "," : "").append(space(random)).append(value(random, depth + 1));
    }
    return b.append(']').toString();
  }

  private static String string(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      s.append(CHARS[random.nextInt(CHARS.length)]);
    }
    return quote(s.toString(), random);
  }

  /** {@code s} as a JSON string, each character escaped or not at random. */
  private static String quote(String s, Random random) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length();
      if (c == '"' || c == '\\' || c < 0x20 || random.nextInt(4) == 0) {
        b.append(String.format("\\u%04X", (int) c));
        if (pair) {
          b.append(String.format("\\u%04X", (int) s.charAt(++i))); // a pair is escaped whole
        }
      } else {
        b.append(c);
        if (pair) {
          b.append(s.charAt(++i));
        }
      }
    }
    return b.append('"').toString();
  }

  private static String number(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> Integer.toString(random.nextInt());
      case 1 -> Long.toString(random.nextLong(-(1L << 53), 1L << 53));
      case 2 -> random.nextInt(1000) + "." + random.nextInt(1000) + "e" + (random.nextInt(40) - 20);
      case 3 -> "-0";
      case 4 -> random.nextInt(100) + ".0";
      case 5 -> random.nextInt(10) + "E" + random.nextInt(25);
      case 6 -> "0.0000" + random.nextInt(1000);
      default -> {
        double d = Double.longBitsToDouble(random.nextLong());
        yield Double.isFinite(d) ? Double.toString(d) : "1.5";
      }
    };
  }

  private static String space(Random random) {
    return random.nextInt(3) == 0 ? " \n\t".substring(0, 1 + random.nextInt(3)) : "";
  }
}
