package dev.custody.log.note;

/**
 * The verdict of one {@link NoteVerifier} on one signature: {@link Valid} or {@link Invalid} with
 * the reason. Malformed signature bytes are {@link Invalid}; a verifier never throws for them.
 */
public sealed interface SignatureCheck {
  /** Whether the signature verified. */
  default boolean isValid() {
    return this instanceof Valid;
  }

  /** The signature verified. */
  record Valid() implements SignatureCheck {}

  /**
   * The signature did not verify.
   *
   * @param reason why, for people (for example {@code Ed25519 signature must be 64 bytes, got 67})
   */
  record Invalid(String reason) implements SignatureCheck {}

  /** The one {@link Valid} verdict. */
  SignatureCheck VALID = new Valid();

  static SignatureCheck invalid(String reason) {
    return new Invalid(reason);
  }
}
