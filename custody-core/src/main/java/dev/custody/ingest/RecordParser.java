package dev.custody.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.custody.error.InvalidInputException;
import dev.custody.model.CanonicalRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Splits a request body into records and canonicalizes each per RFC 8785 (JCS).
 *
 * <p>Accepts one JSON object, a JSON array of objects, or NDJSON (one object a line). Refuses,
 * naming the record by JSON pointer ({@code /3} is the fourth record of the request, the empty
 * pointer the whole body): malformed JSON, a record that is not an object, duplicate member names,
 * strings with unpaired surrogates, integers that an IEEE 754 double cannot hold exactly and
 * numbers beyond its range (RFC 8785 writes numbers as doubles; send such values as strings), and
 * anything over the {@link RecordLimits}. Thread safe.
 *
 * <p>Routes that read the records themselves take them with their trees ({@link #parseJsonTrees}):
 * the tree the record was canonicalized from, read with members in RFC 8785 order, is the tree its
 * canonical bytes read back as, so the body is parsed once rather than parsed, canonicalized and
 * parsed again.
 */
public final class RecordParser {
  /**
   * A record's canonical bytes and the JSON tree they read as (members in canonical order). The id
   * is not derived until {@link #record()} asks: a route that stores the record in an envelope
   * hashes the envelope only.
   */
  public record Parsed(byte[] canonical, JsonNode tree) {
    /** The record of these bytes, its id derived (again) on each call. */
    public CanonicalRecord record() {
      return CanonicalRecord.of(canonical);
    }
  }

  /**
   * Objects keep their members sorted by UTF-16 code units (String order), the order RFC 8785
   * writes them in: a tree read from a body then iterates as the tree read from its canonical bytes
   * does.
   */
  private static final JsonNodeFactory CANONICAL_ORDER =
      new JsonNodeFactory() {
        @Override
        public ObjectNode objectNode() {
          return new ObjectNode(this, new TreeMap<>());
        }
      };

  private final JsonFactory json;
  private final ObjectMapper tree;
  // For readAtOnce: duplicate members are caught as the tree is built (the canonical-order map
  // returns the member it replaced), not by the parser's own set of every object's names.
  private final JsonFactory trusting;
  private final ObjectMapper trustingTree;
  private final RecordLimits limits;

  public RecordParser(RecordLimits limits) {
    this.limits = limits;
    this.json = factory(true);
    this.tree = new ObjectMapper(json).setNodeFactory(CANONICAL_ORDER);
    this.trusting = factory(false);
    this.trustingTree =
        new ObjectMapper(trusting)
            .setNodeFactory(CANONICAL_ORDER)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  private static JsonFactory factory(boolean strictDuplicates) {
    return JsonFactory.builder()
        .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strictDuplicates)
        .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        // Servers parse on virtual threads (one per request): the default thread-local buffer
        // pool would give every body fresh buffers.
        .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
        .build();
  }

  public RecordLimits limits() {
    return limits;
  }

  /** Parses a JSON body: one object or an array of objects. */
  public List<CanonicalRecord> parseJson(byte[] body) {
    return records(parseJsonTrees(body));
  }

  /**
   * {@link #parseJson} with each record's tree: the tree {@code record.canonical()} reads as (the
   * same members in the same order, the same values and node types), without reading it again.
   */
  public List<Parsed> parseJsonTrees(byte[] body) {
    checkRequestSize(body.length);
    List<Parsed> read = readAtOnce(body);
    return read != null ? read : readChecked(body);
  }

  /**
   * The records of a body that breaks no rule, each read straight into its tree and checked there;
   * null for anything else (a refusal, or an integer a double may not hold), which {@link
   * #readChecked} then reads token by token, so every refusal is the one that reading gives (the
   * first offence in the text, named as it always was). A good body is read once instead of twice.
   */
  private @Nullable List<Parsed> readAtOnce(byte[] body) {
    List<Parsed> out = new ArrayList<>();
    try (JsonParser p = trusting.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == JsonToken.START_OBJECT) {
        Parsed one = readTree(p, body);
        if (one == null) {
          return null;
        }
        out.add(one);
      } else if (first == JsonToken.START_ARRAY) {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT && out.size() < limits.maxRecords()) {
          Parsed one = readTree(p, body);
          if (one == null) {
            return null;
          }
          out.add(one);
        }
        if (t != JsonToken.END_ARRAY || out.isEmpty()) {
          return null;
        }
      } else {
        return null;
      }
      return p.nextToken() == null ? out : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The object at the current START_OBJECT read as a tree, or null if it breaks a rule. */
  private @Nullable Parsed readTree(JsonParser p, byte[] body) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    JsonNode read = trustingTree.readTree(p);
    int length = (int) p.currentLocation().getByteOffset() - start;
    if (read == null || length > limits.maxRecordBytes()) {
      return null;
    }
    Boolean numbersChange = check(read, 1);
    if (numbersChange == null) {
      return null;
    }
    byte[] canonical = CanonicalJson.utf8IfWellFormed(read, length);
    return canonical == null ? null : parsed(canonical, read, numbersChange);
  }

  /**
   * {@code read}'s {@code canonical} bytes, with the tree they read as: {@code read} itself, unless
   * a number's canonical form may read back as another node.
   */
  private Parsed parsed(byte[] canonical, JsonNode read, boolean numbersChange) throws IOException {
    return new Parsed(canonical, numbersChange ? tree.readTree(canonical) : read);
  }

  /**
   * The rules {@link #readRecord} applies token by token, on a tree: null if it breaks one (or
   * holds an integer that needs the exact check), else whether a number's canonical form may read
   * back as another node (a fraction or exponent, or more than 15 digits). Strings and names are
   * checked for unpaired surrogates as they are canonicalized ({@link
   * CanonicalJson#utf8IfWellFormed}), not here.
   */
  private @Nullable Boolean check(JsonNode node, int depth) {
    boolean numbersChange = false;
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> m : node.properties()) {
        Boolean inner = checkMember(m.getValue(), depth);
        if (inner == null) {
          return null;
        }
        numbersChange |= inner;
      }
    } else {
      for (JsonNode item : node) {
        Boolean inner = checkMember(item, depth);
        if (inner == null) {
          return null;
        }
        numbersChange |= inner;
      }
    }
    return numbersChange;
  }

  private @Nullable Boolean checkMember(JsonNode value, int depth) {
    if (value.isContainerNode()) {
      return depth + 1 > limits.maxDepth() ? null : check(value, depth + 1);
    }
    if (value.isIntegralNumber()) {
      // |n| < 10^14 has at most 15 characters with its sign: exact, and written back as is.
      return value.canConvertToLong() && Math.abs(value.longValue()) < 100_000_000_000_000L
          ? Boolean.FALSE
          : null;
    }
    if (value.isNumber()) {
      return Double.isFinite(value.doubleValue()) ? Boolean.TRUE : null;
    }
    return Boolean.FALSE;
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@link #parseJsonTrees} token by token, every rule checked as the token is read (and the
   * reference {@code ParsedTreePropertiesTest} holds the one-pass reading to).
   */
  List<Parsed> readChecked(byte[] body) {
    List<Parsed> out = new ArrayList<>();
    try (JsonParser p = json.createParser(body)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw InvalidInputException.badRequest("", "request body is empty");
      }
      if (first == JsonToken.START_OBJECT) {
        out.add(readRecord(p, body, "", "the record"));
      } else if (first == JsonToken.START_ARRAY) {
        readArray(p, body, out);
      } else {
        throw InvalidInputException.badRequest(
            "", "body must be a JSON object or an array of objects, found " + describe(first));
      }
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw InvalidInputException.badRequest(
            "", "unexpected content after the JSON value " + where(p.currentTokenLocation()));
      }
    } catch (JsonProcessingException e) {
      throw malformed(out.size(), e);
    } catch (IOException e) {
      throw InvalidInputException.badRequest("", "unreadable body: " + e.getMessage());
    }
    return out;
  }

  /** Parses an NDJSON body: one object a line; blank lines are skipped. */
  public List<CanonicalRecord> parseNdjson(byte[] body) {
    checkRequestSize(body.length);
    List<Parsed> out = new ArrayList<>();
    int lineNo = 0;
    int start = 0;
    while (start < body.length) {
      int end = indexOf(body, (byte) '\n', start);
      lineNo++;
      if (!isBlank(body, start, end)) {
        String pointer = "/" + out.size();
        checkCount(out.size() + 1);
        // The line gets its own array, so parser offsets are offsets into it.
        byte[] line = Arrays.copyOfRange(body, start, end);
        try (JsonParser p = json.createParser(line)) {
          JsonToken first = p.nextToken();
          if (first != JsonToken.START_OBJECT) {
            throw InvalidInputException.badRequest(
                pointer,
                "line " + lineNo + ": record must be a JSON object, found " + describe(first));
          }
          out.add(readRecord(p, line, pointer, "line " + lineNo));
          if (p.nextToken() != null) {
            throw InvalidInputException.badRequest(
                pointer, "line " + lineNo + ": more than one JSON value on the line");
          }
        } catch (JsonProcessingException e) {
          throw InvalidInputException.badRequest(
              pointer, "line " + lineNo + ": malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
          throw InvalidInputException.badRequest(pointer, "unreadable line " + lineNo);
        }
      }
      start = end + 1;
    }
    if (out.isEmpty()) {
      throw InvalidInputException.badRequest("", "request body holds no records");
    }
    return records(out);
  }

  /** The records of {@code parsed}, each id derived. */
  public static List<CanonicalRecord> records(List<Parsed> parsed) {
    List<CanonicalRecord> out = new ArrayList<>(parsed.size());
    for (Parsed p : parsed) {
      out.add(p.record());
    }
    return out;
  }

  private void readArray(JsonParser p, byte[] body, List<Parsed> out) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String pointer = "/" + out.size();
      if (t != JsonToken.START_OBJECT) {
        throw InvalidInputException.badRequest(
            pointer, "record must be a JSON object, found " + describe(t));
      }
      checkCount(out.size() + 1);
      out.add(readRecord(p, body, pointer, "record " + out.size()));
    }
    if (out.isEmpty()) {
      throw InvalidInputException.badRequest("", "the array holds no records");
    }
  }

  /** Reads one object whose START_OBJECT is the current token; returns it canonicalized. */
  private Parsed readRecord(JsonParser p, byte[] body, String pointer, String what)
      throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    int depth = 1;
    // Whether a number's canonical form may read back as another node than the body's text did
    // (1.0 as an integer, 1e21 as a double): then the tree is read from the canonical bytes.
    boolean numbersChange = false;
    while (depth > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw InvalidInputException.badRequest(pointer, what + " is not closed");
      }
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          depth++;
          if (depth > limits.maxDepth()) {
            throw InvalidInputException.badRequest(
                pointer, what + " nests deeper than " + limits.maxDepth() + " levels");
          }
        }
        case END_OBJECT, END_ARRAY -> depth--;
        case FIELD_NAME, VALUE_STRING -> checkSurrogates(p.getText(), pointer, what);
        case VALUE_NUMBER_INT -> numbersChange |= checkInteger(p.getText(), pointer, what);
        case VALUE_NUMBER_FLOAT -> {
          checkFinite(p.getText(), pointer, what);
          numbersChange = true;
        }
        default -> {}
      }
    }
    long end = p.currentLocation().getByteOffset();
    long length = end - start;
    if (length > limits.maxRecordBytes()) {
      throw InvalidInputException.tooLarge(
          pointer, what + " is " + length + " bytes; the limit is " + limits.maxRecordBytes());
    }
    return canonicalize(body, (int) start, (int) length, numbersChange, pointer, what);
  }

  private Parsed canonicalize(
      byte[] body, int start, int length, boolean numbersChange, String pointer, String what) {
    try {
      // Every string was checked token by token: none holds an unpaired surrogate.
      JsonNode read = tree.readTree(body, start, length);
      return parsed(CanonicalJson.utf8(read, length), read, numbersChange);
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.badRequest(
          pointer, what + " cannot be canonicalized (RFC 8785): " + e.getMessage());
    }
  }

  private static void checkSurrogates(String s, String pointer, String what) {
    if (!wellFormed(s)) {
      throw InvalidInputException.badRequest(
          pointer, what + " holds a string with an unpaired UTF-16 surrogate");
    }
  }

  /**
   * RFC 8785 writes numbers as IEEE 754 doubles. An integer that a double cannot hold exactly (a
   * 20-digit id) would be silently altered, so it is refused instead; send such values as strings.
   * Numbers with a fraction or exponent are measurements and take the double's rounding that RFC
   * 8785 prescribes.
   */
  private static boolean checkInteger(String text, String pointer, String what) {
    if (text.length() <= 15) {
      return false; // |n| < 10^15 < 2^53: always exact, and written back as the same digits.
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d) || new BigDecimal(text).compareTo(new BigDecimal(d)) != 0) {
      throw InvalidInputException.badRequest(
          pointer,
          what
              + " holds the integer "
              + abbreviate(text)
              + ", which RFC 8785's IEEE 754 double cannot hold exactly; send it as a string");
    }
    return true;
  }

  private static void checkFinite(String text, String pointer, String what) {
    if (Double.isInfinite(Double.parseDouble(text))) {
      throw InvalidInputException.badRequest(
          pointer,
          what + " holds the number " + abbreviate(text) + ", beyond IEEE 754 double range");
    }
  }

  private void checkRequestSize(int size) {
    if (size > limits.maxRequestBytes()) {
      throw InvalidInputException.tooLarge(
          "", "request body is " + size + " bytes; the limit is " + limits.maxRequestBytes());
    }
  }

  private void checkCount(int count) {
    if (count > limits.maxRecords()) {
      throw InvalidInputException.tooLarge(
          "", "more than " + limits.maxRecords() + " records in one request");
    }
  }

  private static InvalidInputException malformed(int recordsRead, JsonProcessingException e) {
    String pointer = recordsRead == 0 ? "" : "/" + recordsRead;
    return InvalidInputException.badRequest(
        pointer, "malformed JSON " + where(e.getLocation()) + ": " + e.getOriginalMessage());
  }

  private static String where(JsonLocation loc) {
    if (loc == null) {
      return "";
    }
    return "at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.asString() == null ? t.name() : t.asString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  private static int indexOf(byte[] b, byte v, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return b.length;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
        return false;
      }
    }
    return true;
  }
}
