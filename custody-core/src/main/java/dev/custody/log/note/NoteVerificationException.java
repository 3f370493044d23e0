package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import dev.custody.error.VerificationException;
import java.util.List;

/**
 * A signed note did not check out (check {@value #CHECK}). One of three kinds, each carrying its
 * evidence:
 *
 * <ul>
 *   <li>{@link NoKnownSignature}: no signature line is by a known key (name and key hash);
 *   <li>{@link BadSignature}: a signature by a known key does not verify;
 *   <li>{@link Malformed}: the bytes are not a signed note at all.
 * </ul>
 */
public abstract sealed class NoteVerificationException extends VerificationException {
  /** The check name reported by every note verification failure. */
  public static final String CHECK = "note-signature";

  private NoteVerificationException(String detail) {
    super(CHECK, detail);
  }

  private NoteVerificationException(String detail, Throwable cause) {
    super(CHECK, detail, cause);
  }

  /** No signature by a known key: the note is unverified, whatever else it carries. */
  public static final class NoKnownSignature extends NoteVerificationException {
    private final List<NoteSignature> unknown;

    NoKnownSignature(List<NoteSignature> unknown, List<NoteVerifier> known) {
      super(
          "no signature by a known key (signed by "
              + unknown.stream().map(NoteSignature::keyId).toList()
              + "; known keys "
              + known.stream().map(v -> v.name() + "+" + NoteEncoding.hex8(v.keyHash())).toList()
              + ")");
      this.unknown = List.copyOf(unknown);
    }

    /** The signatures the note does carry, none by a known key. */
    public List<NoteSignature> unknownSignatures() {
      return unknown;
    }
  }

  /** A signature whose name and key hash match a known key failed to verify. */
  public static final class BadSignature extends NoteVerificationException {
    private final NoteSignature signature;
    private final String verifierKey;
    private final String reason;

    BadSignature(NoteSignature signature, NoteVerifier verifier, String reason) {
      super("invalid signature for key " + signature.keyId() + ": " + reason);
      this.signature = signature;
      this.verifierKey = verifier.verifierKey();
      this.reason = reason;
    }

    /** The offending signature line. */
    public NoteSignature signature() {
      return signature;
    }

    /** The key name the signature claims (equal to the known key's name). */
    public String keyName() {
      return signature.name();
    }

    /** The key hash the signature claims (equal to the known key's hash). */
    public int keyHash() {
      return signature.keyHash();
    }

    /** The verifier key string of the known key that rejected it. */
    public String verifierKey() {
      return verifierKey;
    }

    /** Why the verifier rejected it. */
    public String reason() {
      return reason;
    }
  }

  /** The bytes are not a well-formed signed note; the cause says what is wrong. */
  public static final class Malformed extends NoteVerificationException {
    private final String problem;

    Malformed(InvalidInputException cause) {
      super("malformed note: " + cause.detail(), cause);
      this.problem = cause.detail();
    }

    /** What the parser found wrong. */
    public String problem() {
      return problem;
    }
  }
}
