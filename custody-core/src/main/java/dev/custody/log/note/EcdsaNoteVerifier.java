package dev.custody.log.note;

import java.security.GeneralSecurityException;
import java.security.interfaces.ECPublicKey;

/**
 * Verifies ECDSA note signatures (signature type {@code 0x02}, as used by transparency-dev/witness,
 * Rekor and the Pixel transparency log): an ASN.1 DER ECDSA signature over SHA-256 of the note
 * text, by a NIST P-256 key given as PKIX DER. The key hash is the first four bytes of SHA-256 of
 * the DER key (not the C2SP recommended form, which is what deployed keys such as {@code
 * rekor.sigstore.dev+c0d23d6a} use). Immutable, thread safe.
 */
public final class EcdsaNoteVerifier implements NoteVerifier {
  /** The signature type byte of ECDSA note keys. */
  public static final byte TYPE = 0x02;

  private final String name;
  private final int keyHash;
  private final byte[] spki;
  private final ECPublicKey key;

  EcdsaNoteVerifier(String name, byte[] spki) throws GeneralSecurityException {
    this.name = name;
    this.spki = spki.clone();
    this.key = EcKeys.p256(spki);
    this.keyHash = NoteEncoding.sha256Prefix(spki);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyHash() {
    return keyHash;
  }

  /** The public key as PKIX DER SubjectPublicKeyInfo. */
  public byte[] publicKeyDer() {
    return spki.clone();
  }

  @Override
  public String verifierKey() {
    return NoteEncoding.verifierKey(name, keyHash, TYPE, spki);
  }

  @Override
  public SignatureCheck check(byte[] text, byte[] signature) {
    return EcKeys.checkSha256(key, text, signature);
  }

  @Override
  public String toString() {
    return "EcdsaNoteVerifier[" + name + "+" + NoteEncoding.hex8(keyHash) + "]";
  }
}
