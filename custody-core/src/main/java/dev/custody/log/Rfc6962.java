package dev.custody.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * RFC 6962 / RFC 9162 hashing: leaf {@code SHA-256(0x00 || entry)}, interior node {@code
 * SHA-256(0x01 || left || right)}, empty tree {@code SHA-256()}. Thread safe; stateless.
 */
public final class Rfc6962 {
  /** Size in bytes of every hash in the log. */
  public static final int HASH_SIZE = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  private Rfc6962() {}

  /** The hash of the leaf holding {@code entry}. */
  public static byte[] leafHash(byte[] entry) {
    MessageDigest md = sha256();
    md.update(LEAF_PREFIX);
    md.update(entry);
    return md.digest();
  }

  /** The hash of the interior node whose children hash to {@code left} and {@code right}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest md = sha256();
    md.update(NODE_PREFIX);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** The root hash of the empty tree, {@code SHA-256()} of nothing. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
