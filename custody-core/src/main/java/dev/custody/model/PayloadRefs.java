package dev.custody.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.custody.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code document} member of a stored record, inline or kept beside the log
 * (docs/LOG-FORMAT.md, "Payloads"). A document whose stored bytes exceed {@link #INLINE_LIMIT} is
 * replaced by
 *
 * <pre>{@code "documentRef": {"digest": "sha256:<hex>", "mediaType": "...", "size": <bytes>}}</pre>
 *
 * and its bytes are written beside the record, in the same transaction. The limit is fixed, not
 * configured: the same document must make the same record on every server, or a retried POST would
 * log a second record.
 */
public final class PayloadRefs {
  /** Documents up to this many bytes stay inline. */
  public static final int INLINE_LIMIT = 64 * 1024;

  /** The member that names a document kept beside the log. */
  public static final String REF = "documentRef";

  private static final String DOCUMENT = "document";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PayloadRefs() {}

  /**
   * Puts a JSON document into {@code root}: inline as {@code document} when its canonical bytes are
   * small, else as a {@code documentRef} to the returned payload.
   *
   * @param canonical the document's RFC 8785 bytes (what the payload holds)
   */
  public static Optional<Payload> putJson(ObjectNode root, JsonNode document, byte[] canonical) {
    if (canonical.length <= INLINE_LIMIT) {
      root.set(DOCUMENT, document);
      return Optional.empty();
    }
    return Optional.of(putRef(root, Payload.of("application/json", canonical)));
  }

  /**
   * Puts a document that is not JSON (an XML SBOM, say) into {@code root}: inline as a string when
   * small, else as a {@code documentRef}.
   */
  public static Optional<Payload> putText(ObjectNode root, String mediaType, byte[] bytes) {
    if (bytes.length <= INLINE_LIMIT) {
      root.put(DOCUMENT, new String(bytes, StandardCharsets.UTF_8));
      return Optional.empty();
    }
    return Optional.of(putRef(root, Payload.of(mediaType, bytes)));
  }

  /** Puts a {@code documentRef} naming {@code p} into {@code root}; answers {@code p}. */
  public static Payload putRef(ObjectNode root, Payload p) {
    ObjectNode ref = root.putObject(REF);
    ref.put("digest", p.digest());
    ref.put("mediaType", p.mediaType());
    ref.put("size", p.body().length);
    return p;
  }

  /** The digest {@code root} names in its {@code documentRef}, if it has one. */
  public static Optional<String> digestOf(JsonNode root) {
    JsonNode ref = root.get(REF);
    return ref == null ? Optional.empty() : Optional.of(ref.path("digest").asText(""));
  }

  /**
   * {@code root} with its {@code documentRef} replaced by the {@code document} it names (a JSON
   * document parsed, any other a string), or {@code root} itself when it has none.
   *
   * @throws InvalidInputException naming {@code /documentRef} when the reference is malformed, the
   *     payload is missing, or its bytes no longer match the digest or size
   */
  public static JsonNode resolve(JsonNode root, PayloadSource source) {
    JsonNode ref = root.get(REF);
    if (ref == null) {
      return root;
    }
    if (!ref.isObject() || root.has(DOCUMENT)) {
      throw InvalidInputException.badRequest(
          "/" + REF, "must be an object naming a payload, and the record must hold no document");
    }
    String digest = ref.path("digest").asText("");
    if (!Payload.isDigest(digest)) {
      throw InvalidInputException.badRequest("/" + REF + "/digest", "must be sha256:<64 hex>");
    }
    Payload p =
        source
            .payload(digest)
            .orElseThrow(() ->
                InvalidInputException.badRequest(
                    "/" + REF + "/digest", "payload " + digest + " is not stored"));
    if (!p.intact() || p.body().length != ref.path("size").asLong(-1)) {
      throw InvalidInputException.badRequest(
          "/" + REF, "payload " + digest + " does not match its digest and size");
    }
    ObjectNode copy = ((ObjectNode) root).deepCopy();
    copy.remove(REF);
    copy.set(DOCUMENT, document(p));
    return copy;
  }

  /** Whether a payload of this media type holds JSON ({@code application/json}, {@code +json}). */
  public static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static JsonNode document(Payload p) {
    if (!isJson(p.mediaType())) {
      return TextNode.valueOf(new String(p.body(), StandardCharsets.UTF_8));
    }
    try {
      return JSON.readTree(p.body());
    } catch (IOException e) {
      throw InvalidInputException.badRequest(
          "/" + REF, "payload " + p.digest() + " is not JSON: " + e.getMessage());
    }
  }
}
