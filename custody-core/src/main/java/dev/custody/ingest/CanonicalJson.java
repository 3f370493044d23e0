package dev.custody.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.NumberToJSON;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8785 (JCS) text of a JSON value Jackson has read: members sorted by their names' UTF-16 code
 * units, strings with only the escapes JCS allows, numbers as ECMAScript writes the double (by the
 * JCS reference library's {@link NumberToJSON}), no white space.
 *
 * <p>Written here rather than calling the reference library's {@code JsonCanonicalizer}, which
 * takes text only: every caller already holds the value as a Jackson tree, and the library parsed
 * it again with its own parser and wrote it through a map per object, which cost a tenth of the CPU
 * of an HTTP request posting a native record (docs/BENCHMARKS.md). A property test holds this equal
 * to the library on random JSON ({@code CanonicalJsonTest}).
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical text of {@code value}. */
  public static String text(JsonNode value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out, false);
    return out.toString();
  }

  /** The canonical text of {@code value}, UTF-8 encoded. */
  public static byte[] utf8(JsonNode value) {
    return text(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@link #utf8(JsonNode)} of a value read from about {@code sizeHint} bytes of JSON: the text is
   * written into a buffer of that size, not grown to it from 256 characters.
   */
  public static byte[] utf8(JsonNode value, int sizeHint) {
    StringBuilder out = new StringBuilder(Math.max(16, sizeHint + 16));
    write(value, out, false);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@link #utf8(JsonNode, int)}, or null if a string or member name of {@code value} holds an
   * unpaired UTF-16 surrogate, which has no UTF-8 form (RFC 8785 section 3.2.2.2 refuses it). The
   * other methods write such a surrogate as it is, and UTF-8 encoding then makes it a {@code ?}:
   * callers that have not refused it already use this one. The check rides on the scan every string
   * gets for its escapes, instead of a walk of its own.
   */
  public static byte @Nullable [] utf8IfWellFormed(JsonNode value, int sizeHint) {
    StringBuilder out = new StringBuilder(Math.max(16, sizeHint + 16));
    try {
      write(value, out, true);
    } catch (UnpairedSurrogate e) {
      return null;
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Thrown by a strict write at an unpaired surrogate; one instance, without a stack trace. */
  private static final class UnpairedSurrogate extends RuntimeException {
    private static final UnpairedSurrogate INSTANCE = new UnpairedSurrogate();

    private UnpairedSurrogate() {
      super("unpaired surrogate", null, false, false);
    }
  }

  private static void write(JsonNode value, StringBuilder out, boolean strict) {
    switch (value.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(value.size());
        boolean sorted = true;
        for (Map.Entry<String, JsonNode> m : value.properties()) {
          sorted &= members.isEmpty() || members.getLast().getKey().compareTo(m.getKey()) < 0;
          members.add(m);
        }
        // String order is UTF-16 code unit order, as RFC 8785 section 3.2.3 asks. A tree read with
        // members in that order (RecordParser's) is not sorted again.
        if (!sorted) {
          members.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(members.get(i).getKey(), out, strict);
          out.append(':');
          write(members.get(i).getValue(), out, strict);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out, strict);
        }
        out.append(']');
      }
      case STRING -> string(value.textValue(), out, strict);
      case NUMBER -> out.append(number(value));
      case BOOLEAN -> out.append(value.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private static String number(JsonNode value) {
    if (value.canConvertToInt()
        && value.isIntegralNumber()
        && Math.abs(value.intValue()) < (1 << 30)) {
      return Integer.toString(value.intValue()); // what the double's shortest form is, faster
    }
    try {
      return NumberToJSON.serializeNumber(value.doubleValue());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "number " + value + " has no JSON form: " + e.getMessage());
    }
  }

  /**
   * A JSON string as RFC 8785 section 3.2.2.2 writes it; if {@code strict}, throws {@link
   * UnpairedSurrogate} at an unpaired surrogate.
   */
  private static void string(String s, StringBuilder out, boolean strict) {
    out.append('"');
    int plain = plainPrefix(s);
    if (plain == s.length()) {
      out.append(s).append('"'); // nothing to escape: one copy, not a char at a time
      return;
    }
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else if (strict && Character.isSurrogate(c)) {
            if (!Character.isHighSurrogate(c)
                || i + 1 == s.length()
                || !Character.isLowSurrogate(s.charAt(i + 1))) {
              throw UnpairedSurrogate.INSTANCE;
            }
            out.append(c).append(s.charAt(++i));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A JSON string as RFC 8785 writes it, quotes included. */
  public static String quote(String s) {
    if (plainPrefix(s) == s.length()) {
      return "\"" + s + "\""; // nothing to escape
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    string(s, out, false);
    return out.toString();
  }

  /**
   * How many leading characters of {@code s} RFC 8785 writes as they are, and that are not
   * surrogates (which a strict write checks for pairs).
   */
  private static int plainPrefix(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        return i;
      }
    }
    return s.length();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
