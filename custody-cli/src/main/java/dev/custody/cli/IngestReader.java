package dev.custody.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.ingest.sbom.SbomParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one file's bytes into the values {@code custody ingest} sends, whatever the file is
 * called: a CycloneDX XML BOM (one document), one JSON value, a top-level array (each element a
 * value), or a stream of values (NDJSON, or JSON values one after another). Each value keeps its
 * exact bytes (the server canonicalizes them) and where it came from. Malformed JSON is refused
 * here, naming its line, and reading resumes on the next line, so one bad NDJSON line does not hide
 * the others. Thread safe.
 */
final class IngestReader {
  private static final JsonFactory JSON = new JsonFactory();

  /** A value to send: its bytes, its format, and where it is ({@code file:line}). */
  record Item(String location, byte[] bytes, IngestFormat format) {}

  /** A value refused before sending, with why. */
  record Unreadable(String location, String reason) {}

  /** What a file holds. */
  record Contents(List<Item> items, List<Unreadable> unreadable) {}

  Contents read(String name, byte[] body) {
    if (SbomParser.looksLikeCycloneDxXml(body)) {
      // A CycloneDX XML BOM is one document, sent as it is.
      return new Contents(List.of(new Item(name + ":1", body, IngestFormat.SBOM)), List.of());
    }
    List<Item> items = new ArrayList<>();
    List<Unreadable> bad = new ArrayList<>();
    int pos = 0;
    int line = 1;
    while (true) {
      while (pos < body.length && isSpace(body[pos])) {
        if (body[pos] == '\n') {
          line++;
        }
        pos++;
      }
      if (pos >= body.length) {
        break;
      }
      byte[] rest = pos == 0 ? body : Arrays.copyOfRange(body, pos, body.length);
      int[] valueLine = {line};
      try {
        readValues(name, rest, line, items, valueLine);
        break;
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int errorLine = line + (at == null ? 0 : Math.max(0, at.getLineNr() - 1));
        bad.add(
            new Unreadable(
                name + ":" + valueLine[0],
                "malformed JSON at line " + errorLine + ": " + e.getOriginalMessage()));
      } catch (IOException e) {
        bad.add(new Unreadable(name, "unreadable: " + ApiClient.describe(e)));
        break;
      }
      // Resume at the next line after the bad value's first that starts a value at column 0:
      // the next NDJSON line, or the next element of a pretty-printed stream.
      while (pos < body.length) {
        boolean lineStart = pos > 0 && body[pos - 1] == '\n';
        if (lineStart && line > valueLine[0] && (body[pos] == '{' || body[pos] == '[')) {
          break;
        }
        if (body[pos] == '\n') {
          line++;
        }
        pos++;
      }
    }
    if (items.isEmpty() && bad.isEmpty()) {
      bad.add(new Unreadable(name, "holds no JSON value"));
    }
    return new Contents(items, bad);
  }

  /** Reads every top-level value of {@code body}, whose first line is {@code firstLine}. */
  private void readValues(String name, byte[] body, int firstLine, List<Item> out, int[] valueLine)
      throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        valueLine[0] = firstLine + p.currentTokenLocation().getLineNr() - 1;
        if (t == JsonToken.START_ARRAY) {
          int i = 0;
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
              throw new JsonProcessingException("the array is not closed", p.currentLocation()) {};
            }
            valueLine[0] = firstLine + p.currentTokenLocation().getLineNr() - 1;
            out.add(value(p, body, name, firstLine, " item " + i++));
          }
        } else {
          valueLine[0] = firstLine + p.currentTokenLocation().getLineNr() - 1;
          out.add(value(p, body, name, firstLine, ""));
        }
      }
    }
  }

  /** The value whose first token is the parser's current one. */
  private static Item value(JsonParser p, byte[] body, String name, int firstLine, String suffix)
      throws IOException {
    JsonLocation start = p.currentTokenLocation();
    p.skipChildren();
    int from = (int) start.getByteOffset();
    int to = (int) p.currentLocation().getByteOffset();
    byte[] bytes = Arrays.copyOfRange(body, from, to);
    JsonNode tree = ApiClient.JSON.readTree(bytes);
    String location = name + ":" + (firstLine + start.getLineNr() - 1) + suffix;
    return new Item(location, bytes, IngestFormat.of(tree));
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
