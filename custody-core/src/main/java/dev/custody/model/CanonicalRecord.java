package dev.custody.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A record in its RFC 8785 canonical form, with the id derived from those bytes. Holds the bytes it
 * is given without copying; callers must not change them afterwards.
 */
public record CanonicalRecord(RecordId id, byte[] canonical) {

  /** Wraps canonical bytes and derives their id. */
  public static CanonicalRecord of(byte[] canonical) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return new CanonicalRecord(RecordId.ofDigest(digest), canonical);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** The canonical JSON text. */
  public String json() {
    return new String(canonical, StandardCharsets.UTF_8);
  }
}
