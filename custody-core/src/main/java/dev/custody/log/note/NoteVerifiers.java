package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;

/** Parses verifier key strings into {@link NoteVerifier}s. Stateless, thread safe. */
public final class NoteVerifiers {
  /** Longest verifier key string accepted. */
  public static final int MAX_KEY_LENGTH = 8192;

  private static final String FIELD = "vkey";

  private NoteVerifiers() {}

  /**
   * Parses {@code <name>+<hex8 key hash>+<base64(type || key)>}. Supported types: {@code 0x01}
   * Ed25519 (32-byte key), {@code 0x02} ECDSA P-256 and {@code 0x05} RFC 6962 tree heads (both with
   * a PKIX DER key). The declared key hash must equal the one computed from name and key as each
   * type defines it (see the verifier classes), so a mistyped key cannot go unnoticed.
   *
   * @throws InvalidInputException (field {@code vkey}) naming what is wrong: the shape, the name,
   *     the hash digits, the base64, an unsupported type, a malformed key or a key hash mismatch
   */
  public static NoteVerifier parse(String vkey) {
    if (vkey.length() > MAX_KEY_LENGTH) {
      throw bad("verifier key is longer than " + MAX_KEY_LENGTH + " characters");
    }
    int plus1 = vkey.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : vkey.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw bad("verifier key must be <name>+<hex key hash>+<base64 key>");
    }
    String name = vkey.substring(0, plus1);
    String nameProblem = NoteEncoding.keyNameProblem(name);
    if (nameProblem != null) {
      throw bad(nameProblem);
    }
    int declared = NoteEncoding.hex8(vkey.substring(plus1 + 1, plus2), FIELD);
    byte[] typed = NoteEncoding.base64(vkey.substring(plus2 + 1), FIELD, "key");
    if (typed.length < 2) {
      throw bad("key is too short to hold a type byte and a key");
    }
    byte[] key = Arrays.copyOfRange(typed, 1, typed.length);
    NoteVerifier verifier = create(typed[0], name, key);
    if (verifier.keyHash() != declared) {
      throw bad(
          "key hash "
              + NoteEncoding.hex8(declared)
              + " does not match the key "
              + name
              + " (computed "
              + NoteEncoding.hex8(verifier.keyHash())
              + ")");
    }
    return verifier;
  }

  private static NoteVerifier create(byte type, String name, byte[] key) {
    try {
      return switch (type) {
        case Ed25519NoteVerifier.TYPE -> new Ed25519NoteVerifier(name, key);
        case EcdsaNoteVerifier.TYPE -> new EcdsaNoteVerifier(name, key);
        case Rfc6962NoteVerifier.TYPE -> new Rfc6962NoteVerifier(name, key);
        default ->
            throw bad(
                String.format(
                    Locale.ROOT,
                    "unsupported signature type 0x%02x (supported: 0x01 Ed25519, 0x02 ECDSA,"
                        + " 0x05 RFC 6962)",
                    type & 0xff));
      };
    } catch (GeneralSecurityException e) {
      throw bad(String.format(Locale.ROOT, "malformed type 0x%02x key: %s", type, e.getMessage()));
    }
  }

  private static InvalidInputException bad(String detail) {
    return InvalidInputException.badRequest(FIELD, detail);
  }
}
