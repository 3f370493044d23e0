package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Rfc6962;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Verifies RFC 6962 signed tree heads, both as note signatures (signature type {@code 0x05}, C2SP
 * static-ct-api) and as {@code get-sth} responses ({@link #checkSth}).
 *
 * <p>As a note signature the bytes after the key hash are {@code uint64 timestamp ||
 * DigitallySigned}, and the signed message is the RFC 6962 §3.5 {@code TreeHeadSignature} {version
 * v1, signature_type tree_hash, timestamp, tree_size, sha256_root_hash} with size and root taken
 * from the checkpoint the signature is attached to. That signature does not cover the origin or
 * extension lines, so the note text must be a checkpoint whose origin equals the key name and which
 * has no extension lines. The key is a NIST P-256 key (PKIX DER); the key hash is {@code
 * SHA-256(name || 0x0A || 0x05 || LogID)[:4]} where {@code LogID = SHA-256(DER key)}. Immutable,
 * thread safe.
 */
public final class Rfc6962NoteVerifier implements NoteVerifier {
  /** The signature type byte of RFC 6962 tree head note keys. */
  public static final byte TYPE = 0x05;

  private static final int HASH_SHA256 = 4;
  private static final int SIGNATURE_ECDSA = 3;
  private static final byte VERSION_V1 = 0;
  private static final byte SIGNATURE_TYPE_TREE_HASH = 1;

  private final String name;
  private final int keyHash;
  private final byte[] spki;
  private final byte[] logId;
  private final ECPublicKey key;

  Rfc6962NoteVerifier(String name, byte[] spki) throws GeneralSecurityException {
    this.name = name;
    this.spki = spki.clone();
    this.key = EcKeys.p256(spki);
    this.logId = Rfc6962.sha256().digest(spki);
    this.keyHash = NoteEncoding.keyId(name, TYPE, logId);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyHash() {
    return keyHash;
  }

  /** The RFC 6962 LogID: SHA-256 of the DER public key. */
  public byte[] logId() {
    return logId.clone();
  }

  @Override
  public String verifierKey() {
    return NoteEncoding.verifierKey(name, keyHash, TYPE, spki);
  }

  @Override
  public SignatureCheck check(byte[] text, byte[] signature) {
    if (signature.length < Long.BYTES) {
      return SignatureCheck.invalid("RFC 6962 note signature is shorter than its 8-byte timestamp");
    }
    long timestamp = ByteBuffer.wrap(signature).getLong();
    byte[] digitallySigned = Arrays.copyOfRange(signature, Long.BYTES, signature.length);
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(NoteEncoding.utf8(text, "note"));
    } catch (InvalidInputException e) {
      return SignatureCheck.invalid("note text is not a checkpoint: " + e.detail());
    }
    if (!checkpoint.origin().equals(name)) {
      return SignatureCheck.invalid(
          "checkpoint origin \""
              + checkpoint.origin()
              + "\" is not the key name \""
              + name
              + "\" (an RFC 6962 signature does not cover the origin)");
    }
    if (!checkpoint.extensionLines().isEmpty()) {
      return SignatureCheck.invalid(
          "a checkpoint signed as an RFC 6962 tree head must not have extension lines");
    }
    return checkSth(checkpoint.size(), timestamp, checkpoint.rootHash(), digitallySigned);
  }

  /**
   * Checks an RFC 6962 signed tree head, such as a {@code get-sth} response: {@code
   * treeHeadSignature} is the TLS {@code DigitallySigned} struct (hash algorithm sha256, signature
   * algorithm ecdsa, 2-byte length, DER signature) over the {@code TreeHeadSignature} of the other
   * three values.
   *
   * @param treeSize the tree size, an unsigned 64-bit value
   * @param timestamp milliseconds since the epoch, an unsigned 64-bit value
   * @param rootHash the SHA-256 root hash (32 bytes)
   * @param treeHeadSignature the {@code DigitallySigned} bytes
   */
  public SignatureCheck checkSth(
      long treeSize, long timestamp, byte[] rootHash, byte[] treeHeadSignature) {
    if (rootHash.length != Rfc6962.HASH_SIZE) {
      return SignatureCheck.invalid("root hash must be 32 bytes, got " + rootHash.length);
    }
    if (treeHeadSignature.length < 4) {
      return SignatureCheck.invalid("DigitallySigned is shorter than its 4-byte header");
    }
    ByteBuffer ds = ByteBuffer.wrap(treeHeadSignature);
    int hash = ds.get() & 0xff;
    int alg = ds.get() & 0xff;
    int length = ds.getShort() & 0xffff;
    if (hash != HASH_SHA256 || alg != SIGNATURE_ECDSA) {
      return SignatureCheck.invalid(
          "DigitallySigned algorithm is hash "
              + hash
              + "/signature "
              + alg
              + ", expected sha256(4)/ecdsa(3)");
    }
    if (length != ds.remaining()) {
      return SignatureCheck.invalid(
          "DigitallySigned declares " + length + " signature bytes but has " + ds.remaining());
    }
    byte[] der = Arrays.copyOfRange(treeHeadSignature, 4, treeHeadSignature.length);
    return EcKeys.checkSha256(key, treeHeadSignature(timestamp, treeSize, rootHash), der);
  }

  /** {@code checkSth(...).isValid()}. */
  public boolean verifySth(
      long treeSize, long timestamp, byte[] rootHash, byte[] treeHeadSignature) {
    return checkSth(treeSize, timestamp, rootHash, treeHeadSignature).isValid();
  }

  /** The RFC 6962 §3.5 TreeHeadSignature input: the bytes the log signs. */
  static byte[] treeHeadSignature(long timestamp, long treeSize, byte[] rootHash) {
    return ByteBuffer.allocate(2 + 8 + 8 + Rfc6962.HASH_SIZE)
        .put(VERSION_V1)
        .put(SIGNATURE_TYPE_TREE_HASH)
        .putLong(timestamp)
        .putLong(treeSize)
        .put(rootHash)
        .array();
  }

  @Override
  public String toString() {
    return "Rfc6962NoteVerifier[" + name + "+" + NoteEncoding.hex8(keyHash) + "]";
  }
}
