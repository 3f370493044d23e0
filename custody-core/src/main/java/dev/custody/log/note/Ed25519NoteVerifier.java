package dev.custody.log.note;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Verifies Ed25519 note signatures (signature type {@code 0x01}, RFC 8032 over the note text). The
 * key hash is {@code SHA-256(name || 0x0A || 0x01 || public key)[:4]}. Immutable, thread safe.
 */
public final class Ed25519NoteVerifier implements NoteVerifier {
  /** The signature type byte of Ed25519 note keys. */
  public static final byte TYPE = 0x01;

  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  /** DER of an X.509 SubjectPublicKeyInfo for Ed25519, up to the 32 raw key bytes. */
  static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String name;
  private final int keyHash;
  private final byte[] rawKey;
  private final PublicKey key;

  Ed25519NoteVerifier(String name, byte[] rawKey) throws GeneralSecurityException {
    if (rawKey.length != KEY_SIZE) {
      throw new GeneralSecurityException(
          "Ed25519 public key must be " + KEY_SIZE + " bytes, got " + rawKey.length);
    }
    this.name = name;
    this.rawKey = rawKey.clone();
    this.keyHash = NoteEncoding.keyId(name, TYPE, rawKey);
    this.key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(NoteEncoding.concat(X509_PREFIX, rawKey)));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyHash() {
    return keyHash;
  }

  /** The raw 32-byte public key (RFC 8032 encoding). */
  public byte[] publicKey() {
    return rawKey.clone();
  }

  @Override
  public String verifierKey() {
    return NoteEncoding.verifierKey(name, keyHash, TYPE, rawKey);
  }

  @Override
  public SignatureCheck check(byte[] text, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return SignatureCheck.invalid(
          "Ed25519 signature must be " + SIGNATURE_SIZE + " bytes, got " + signature.length);
    }
    try {
      Signature v = Signature.getInstance("Ed25519");
      v.initVerify(key);
      v.update(text);
      return v.verify(signature)
          ? SignatureCheck.VALID
          : SignatureCheck.invalid("Ed25519 signature does not verify");
    } catch (GeneralSecurityException e) {
      return SignatureCheck.invalid("Ed25519 signature does not verify: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "Ed25519NoteVerifier[" + name + "+" + NoteEncoding.hex8(keyHash) + "]";
  }
}
