package dev.custody.attest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A DSSE envelope (secure-systems-lab/dsse): a typed payload and its signatures.
 *
 * @param payloadType the media type of the payload
 * @param payload the decoded payload bytes
 * @param signatures each signature with its optional key id and, for Sigstore-style envelopes, the
 *     signing certificate (PEM) it carries
 */
public record DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
  /** The in-toto payload type. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  public DsseEnvelope {
    signatures = List.copyOf(signatures);
  }

  /**
   * One signature: {@code keyid} is null when absent or empty; {@code sig} is empty when the
   * signature was not base64.
   */
  public record Signature(@Nullable String keyid, byte[] sig, @Nullable String cert) {}

  /** True when {@code node} has the members of a DSSE envelope. */
  static boolean looksLike(JsonNode node) {
    return node.isObject() && node.has("payloadType") && node.has("payload");
  }

  /** Reads an envelope; refusals name the member under {@code at}. */
  static DsseEnvelope parse(JsonNode node, String at) {
    if (!node.isObject()) {
      throw InvalidInputException.badRequest(at, "a DSSE envelope must be a JSON object");
    }
    String type = text(node, "payloadType", at);
    byte[] payload = decode(text(node, "payload", at), at + "/payload");
    JsonNode sigs = node.get("signatures");
    if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
      throw InvalidInputException.badRequest(
          at + "/signatures", "a DSSE envelope needs a non-empty array of signatures");
    }
    List<Signature> out = new ArrayList<>();
    for (int i = 0; i < sigs.size(); i++) {
      String p = at + "/signatures/" + i;
      JsonNode s = sigs.get(i);
      if (!s.isObject()) {
        throw InvalidInputException.badRequest(p, "a signature must be an object");
      }
      // A signature that is not base64 is a bad signature (a verdict), not a bad document: the
      // envelope may carry other signatures that verify.
      byte[] sig = lenientDecode(text(s, "sig", p));
      JsonNode k = s.get("keyid");
      if (k != null && !k.isNull() && !k.isTextual()) {
        throw InvalidInputException.badRequest(p + "/keyid", "keyid must be a string");
      }
      String keyid = k == null || k.isNull() || k.asText().isEmpty() ? null : k.asText();
      JsonNode c = s.get("cert");
      String cert = c != null && c.isTextual() && !c.asText().isEmpty() ? c.asText() : null;
      out.add(new Signature(keyid, sig, cert));
    }
    return new DsseEnvelope(type, payload, out);
  }

  /**
   * The DSSE pre-authentication encoding: {@code DSSEv1 SP len(type) SP type SP len(body) SP body}.
   */
  public byte[] pae() {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + payload.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(payload, 0, out, head.length, payload.length);
    return out;
  }

  private static byte[] lenientDecode(String text) {
    try {
      return decode(text, "");
    } catch (InvalidInputException e) {
      return new byte[0];
    }
  }

  private static String text(JsonNode node, String member, String at) {
    JsonNode v = node.get(member);
    if (v == null || !v.isTextual()) {
      throw InvalidInputException.badRequest(
          at + "/" + member, "a DSSE envelope needs the string member " + member);
    }
    return v.asText();
  }

  /**
   * Decodes standard or URL-safe base64, padded or not (both occur in the wild: GCB writes
   * base64url). Anything else is refused rather than guessed at.
   */
  static byte[] decode(String text, String at) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw InvalidInputException.badRequest(at, "must be non-empty base64");
    }
    boolean url = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
    try {
      return url ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest(at, "is not valid base64: " + e.getMessage());
    }
  }
}
