package dev.custody.ingest.sbom;

import com.fasterxml.jackson.core.JsonParser.Feature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.custody.error.InvalidInputException;
import dev.custody.ingest.JsonPointers;
import dev.custody.ingest.RecordLimits;
import dev.custody.ingest.RecordParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.cyclonedx.parsers.XmlParser;
import org.jspecify.annotations.Nullable;
import org.spdx.core.CoreModelObject;
import org.spdx.jacksonstore.MultiFormatStore;
import org.spdx.library.SpdxModelFactory;
import org.spdx.storage.simple.InMemSpdxStore;

/**
 * Detects and validates an SBOM as posted. The format comes from the content: XML with a CycloneDX
 * namespace is CycloneDX XML; a JSON object with {@code bomFormat} or {@code specVersion} is
 * CycloneDX JSON, one with {@code spdxVersion} SPDX JSON. Then each ecosystem's own library judges
 * it: CycloneDX against the schema of the version it declares (cyclonedx-core-java's bundled
 * schemas), SPDX by the SPDX Java library's reader and {@code verify()}. Every refusal is an {@link
 * InvalidInputException} naming the member (a JSON pointer) or, for XML and SPDX verification, the
 * reason; nothing is stored by this class. Thread safe.
 */
public final class SbomParser {
  /** The largest SBOM accepted, in bytes (the 1,115-component juice-shop SBOM is 1.9 MB). */
  public static final int MAX_DOCUMENT_BYTES = 8 << 20;

  /** The deepest nesting accepted (CycloneDX components nest; 64, the record default, is low). */
  public static final int MAX_DEPTH = 256;

  /** The CycloneDX versions accepted. */
  public static final Set<String> CYCLONEDX_VERSIONS = Set.of("1.2", "1.3", "1.4", "1.5", "1.6");

  /** The SPDX versions accepted. */
  public static final Set<String> SPDX_VERSIONS = Set.of("SPDX-2.2", "SPDX-2.3");

  private static final Pattern CYCLONEDX_NS =
      Pattern.compile("http://cyclonedx\\.org/schema/bom/([0-9]+\\.[0-9]+)");
  private static final Pattern DOCTYPE =
      Pattern.compile("<!(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);
  private static final List<String> SPDX_REQUIRED =
      List.of("SPDXID", "name", "dataLicense", "creationInfo", "documentNamespace");

  /** Serializes SPDX reading: the SPDX library keeps global model state. */
  private static final Object SPDX_LOCK = new Object();

  static {
    // Offline by design: without this the SPDX library fetches the license list from spdx.org.
    if (System.getProperty("org.spdx.useJARLicenseInfoOnly") == null) {
      System.setProperty("org.spdx.useJARLicenseInfoOnly", "true");
    }
  }

  private final ObjectMapper json = new ObjectMapper().enable(Feature.STRICT_DUPLICATE_DETECTION);
  private final JsonParser cycloneDxJson = new JsonParser();
  private final Map<Version, Schema> schemas = new ConcurrentHashMap<>();
  private final int maxBytes;
  private final RecordParser records;
  private volatile boolean spdxReady;

  /** A parser refusing documents over {@code maxBytes} (at most {@link #MAX_DOCUMENT_BYTES}). */
  public SbomParser(int maxBytes) {
    this.maxBytes = Math.min(maxBytes, MAX_DOCUMENT_BYTES);
    this.records = new RecordParser(new RecordLimits(this.maxBytes, this.maxBytes, MAX_DEPTH, 1));
  }

  public SbomParser() {
    this(MAX_DOCUMENT_BYTES);
  }

  /** The largest document this parser accepts. */
  public int maxBytes() {
    return maxBytes;
  }

  /**
   * A valid SBOM as posted.
   *
   * @param digest {@code sha256:<hex>} of the bytes as posted
   * @param document the JSON document, or for XML its text as a JSON string
   * @param canonicalDocument a JSON document's RFC 8785 form, as {@link RecordParser} makes it for
   *     every record (null for XML)
   */
  public record Parsed(
      SbomFormat format,
      String specVersion,
      String digest,
      JsonNode document,
      byte @Nullable [] canonicalDocument) {}

  /**
   * Detects, reads and validates {@code body}.
   *
   * @throws InvalidInputException 413 over the size cap; 400 for a body that is not JSON or XML, is
   *     not an SBOM of a supported format and version, or that its library refuses
   */
  public Parsed parse(byte[] body) {
    if (body.length > maxBytes) {
      throw InvalidInputException.tooLarge(
          "", "the SBOM is " + body.length + " bytes; the limit is " + maxBytes);
    }
    int start = firstSignificant(body);
    if (start >= body.length) {
      throw InvalidInputException.badRequest("", "the body is empty; expected an SBOM");
    }
    if (body[start] == '<') {
      return xml(body);
    }
    JsonNode doc;
    try {
      doc = json.readTree(body);
    } catch (IOException e) {
      throw InvalidInputException.badRequest(
          "", "the body is neither XML nor valid JSON: " + firstLine(e.getMessage()));
    }
    if (doc == null || !doc.isObject()) {
      throw InvalidInputException.badRequest("", "an SBOM must be a JSON object");
    }
    if (doc.has("bomFormat") || doc.has("specVersion")) {
      return cycloneDx(body, doc);
    }
    if (doc.has("spdxVersion")) {
      return spdx(body, doc);
    }
    throw InvalidInputException.badRequest(
        "",
        "not a CycloneDX (bomFormat, specVersion) or SPDX 2.x (spdxVersion) document;"
            + " SPDX 3 and other formats are not supported");
  }

  /** True when {@code body} is XML (its first significant character is {@code <}). */
  public static boolean isXml(byte[] body) {
    int start = firstSignificant(body);
    return start < body.length && body[start] == '<';
  }

  /** True when {@code body} looks like an XML CycloneDX BOM (for clients that route by content). */
  public static boolean looksLikeCycloneDxXml(byte[] body) {
    int start = firstSignificant(body);
    if (start >= body.length || body[start] != '<') {
      return false;
    }
    String head =
        new String(body, start, Math.min(body.length - start, 4096), StandardCharsets.UTF_8);
    return CYCLONEDX_NS.matcher(head).find();
  }

  private Parsed cycloneDx(byte[] body, JsonNode doc) {
    JsonNode sv = doc.get("specVersion");
    if (sv == null || !sv.isTextual()) {
      throw InvalidInputException.badRequest(
          "/specVersion", "a CycloneDX document states its specVersion (1.2 to 1.6)");
    }
    Version version = version(sv.asText(), "/specVersion");
    List<Error> errors = schema(version).validate(doc);
    if (!errors.isEmpty()) {
      Error first = errors.get(0);
      throw InvalidInputException.badRequest(
          JsonPointers.of(first),
          "does not match the CycloneDX "
              + sv.asText()
              + " schema: "
              + first.getMessage()
              + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
    }
    return new Parsed(SbomFormat.CYCLONEDX_JSON, sv.asText(), digest(body), doc, canonical(body));
  }

  private Parsed xml(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.badRequest("", "an XML SBOM must be UTF-8");
    }
    if (DOCTYPE.matcher(text).find()) {
      // CycloneDX needs no DTD; refusing one rules out entity expansion and external entities.
      throw InvalidInputException.badRequest("", "XML SBOMs must not contain a DOCTYPE or ENTITY");
    }
    Matcher ns = CYCLONEDX_NS.matcher(text);
    if (!ns.find()) {
      throw InvalidInputException.badRequest(
          "",
          "XML that is not a CycloneDX BOM (no http://cyclonedx.org/schema/bom/<version> namespace)");
    }
    Version version = version(ns.group(1), "xmlns");
    List<ParseException> errors;
    try {
      errors = new XmlParser().validate(body, version);
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.badRequest("", "unreadable XML: " + firstLine(e.getMessage()));
    }
    if (!errors.isEmpty()) {
      throw InvalidInputException.badRequest(
          "",
          "does not match the CycloneDX "
              + ns.group(1)
              + " XML schema: "
              + firstLine(errors.get(0).getMessage()));
    }
    return new Parsed(
        SbomFormat.CYCLONEDX_XML, ns.group(1), digest(body), TextNode.valueOf(text), null);
  }

  private Parsed spdx(byte[] body, JsonNode doc) {
    JsonNode sv = doc.get("spdxVersion");
    if (!sv.isTextual() || !SPDX_VERSIONS.contains(sv.asText())) {
      throw InvalidInputException.badRequest(
          "/spdxVersion",
          "unsupported SPDX version " + sv + "; supported: SPDX-2.2, SPDX-2.3 (JSON)");
    }
    for (String member : SPDX_REQUIRED) {
      if (!doc.hasNonNull(member)) {
        throw InvalidInputException.badRequest("/" + member, "an SPDX document requires " + member);
      }
    }
    List<String> problems;
    synchronized (SPDX_LOCK) {
      if (!spdxReady) {
        SpdxModelFactory.init();
        spdxReady = true;
      }
      try {
        MultiFormatStore store =
            new MultiFormatStore(new InMemSpdxStore(), MultiFormatStore.Format.JSON);
        CoreModelObject read = store.deSerialize(new ByteArrayInputStream(body), false);
        problems = read.verify();
      } catch (Exception e) {
        // The SPDX library reports a document it cannot read by several exception types.
        throw InvalidInputException.badRequest(
            "", "the SPDX library cannot read the document: " + firstLine(e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw InvalidInputException.badRequest(
          "",
          "the SPDX library's verification fails: "
              + problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
    return new Parsed(SbomFormat.SPDX_JSON, sv.asText(), digest(body), doc, canonical(body));
  }

  /**
   * The document's RFC 8785 form, with the checks every record gets (RecordParser): an integer a
   * double cannot hold exactly, an unpaired surrogate or a number out of range is refused rather
   * than silently altered in the stored document.
   */
  private byte[] canonical(byte[] body) {
    return records.parseJson(body).get(0).canonical();
  }

  private static Version version(String declared, String field) {
    if (!CYCLONEDX_VERSIONS.contains(declared)) {
      throw InvalidInputException.badRequest(
          field, "unsupported CycloneDX version '" + declared + "'; supported: 1.2 to 1.6");
    }
    return Version.fromVersionString(declared);
  }

  private Schema schema(Version v) {
    return schemas.computeIfAbsent(
        v,
        k -> {
          try {
            return cycloneDxJson.getJsonSchema(k, json);
          } catch (IOException e) {
            throw new IllegalStateException("bundled CycloneDX schema unreadable: " + k, e);
          }
        });
  }

  private static int firstSignificant(byte[] body) {
    int i = 0;
    if (body.length >= 3 && (body[0] & 0xff) == 0xef && (body[1] & 0xff) == 0xbb) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < body.length
        && (body[i] == ' ' || body[i] == '\n' || body[i] == '\r' || body[i] == '\t')) {
      i++;
    }
    return i;
  }

  static String digest(byte[] body) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "(no detail)";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    if (line.isBlank()) {
      return "(no detail)";
    }
    return line.length() > 300 ? line.substring(0, 297) + "..." : line;
  }
}
