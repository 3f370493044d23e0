package dev.custody.model;

import dev.custody.error.InvalidInputException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a record: the SHA-256 digest of its RFC 8785 canonical bytes, written {@code
 * sha256:<64 lower-case hex digits>}. Immutable; equal when the digests are equal.
 */
public final class RecordId implements Comparable<RecordId> {
  private static final String PREFIX = "sha256:";
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] digest;

  private RecordId(byte[] digest) {
    this.digest = digest;
  }

  /** The id of a record whose SHA-256 digest is {@code digest} (32 bytes, copied). */
  public static RecordId ofDigest(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException("SHA-256 digest must be 32 bytes: " + digest.length);
    }
    return new RecordId(digest.clone());
  }

  /**
   * Parses {@code sha256:<hex>}; anything else (upper case, other lengths, other algorithms) is
   * refused, naming {@code field}.
   */
  public static RecordId parse(String text, String field) {
    if (!text.startsWith(PREFIX) || text.length() != PREFIX.length() + 64) {
      throw InvalidInputException.badRequest(
          field, "record id must be sha256:<64 lower-case hex digits>");
    }
    String hex = text.substring(PREFIX.length());
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw InvalidInputException.badRequest(
            field, "record id must be sha256:<64 lower-case hex digits>");
      }
    }
    return new RecordId(HEX.parseHex(hex));
  }

  /** The first 8 bytes of the digest, big-endian: a well-spread hash key. */
  public long leadingLong() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xff);
    }
    return v;
  }

  /** The 32-byte digest (a copy). */
  public byte[] digest() {
    return digest.clone();
  }

  @Override
  public String toString() {
    return PREFIX + HEX.formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordId other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public int compareTo(RecordId o) {
    return Arrays.compareUnsigned(digest, o.digest);
  }
}
