package dev.custody.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A document kept beside the log: a record that would be too large with the document inline holds a
 * reference to it instead ({@code documentRef}: digest, size, media type; see {@code PayloadRefs}).
 * The record's leaf commits to the digest, so the payload is as tamper-evident as the record, and
 * the store holds each payload once however many records name it.
 *
 * @param digest {@code sha256:<64 lower-case hex>} of {@code body}
 * @param mediaType what the bytes are, such as {@code application/json}
 * @param body the bytes; callers must not change them afterwards
 */
public record Payload(String digest, String mediaType, byte[] body) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public Payload {
    if (!DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException("payload digest must be sha256:<64 hex>: " + digest);
    }
  }

  /** A payload of these bytes, named by their SHA-256. */
  public static Payload of(String mediaType, byte[] body) {
    return new Payload(digestOf(body), mediaType, body);
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digestOf(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** Whether {@code text} is a payload digest in the form this type uses. */
  public static boolean isDigest(String text) {
    return DIGEST.matcher(text).matches();
  }

  /** Whether the body still hashes to the digest. */
  public boolean intact() {
    return digestOf(body).equals(digest);
  }
}
