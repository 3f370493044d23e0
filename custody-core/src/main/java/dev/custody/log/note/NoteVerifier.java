package dev.custody.log.note;

/**
 * A public key that verifies note signatures, identified by its key name and key hash (C2SP
 * signed-note). Obtain one from {@link NoteVerifiers#parse(String)} or {@link
 * Ed25519NoteSigner#verifier()}.
 *
 * <p>Implementations are immutable and thread safe, and pure: they touch no clock, store or
 * network.
 */
public sealed interface NoteVerifier
    permits Ed25519NoteVerifier, EcdsaNoteVerifier, Rfc6962NoteVerifier {

  /** The key name, matched against the name in signature lines. */
  String name();

  /** The key hash (key ID), a big-endian uint32 in an {@code int}. */
  int keyHash();

  /** The verifier key string {@code <name>+<hex8 hash>+<base64(type || key)>}. */
  String verifierKey();

  /**
   * Checks {@code signature} (the bytes after the 4-byte key hash) over the note {@code text}
   * (which includes its final newline). Never throws for malformed signatures or text; those are
   * {@link SignatureCheck.Invalid}.
   */
  SignatureCheck check(byte[] text, byte[] signature);

  /** {@code check(text, signature).isValid()}. */
  default boolean verify(byte[] text, byte[] signature) {
    return check(text, signature).isValid();
  }
}
