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

  /**
   * Whether {@code canonical} holds the bytes {@code marker}. Canonical JSON has no white space, so
   * a member and the start of its value are fixed bytes, and most records can be told apart by a
   * byte search without a parse.
   */
  public static boolean contains(byte[] canonical, byte[] marker) {
    outer:
    for (int i = 0; i <= canonical.length - marker.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (canonical[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** The canonical JSON text. */
  public String json() {
    return new String(canonical, StandardCharsets.UTF_8);
  }
}
