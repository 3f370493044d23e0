package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — <key name> base64(key hash || signature)}.
 *
 * <p>{@link #parse(byte[])} is strict and {@link #format()} gives back the exact bytes, so {@code
 * parse(b).format()} equals {@code b} for every accepted {@code b}. The text MUST be treated as
 * untrusted until {@link #verify(List)} succeeds. Immutable and thread safe.
 *
 * @param text the note text including its final newline; valid UTF-8 without ASCII control
 *     characters other than newline
 * @param signatures the signature lines in order; between 1 and {@value #MAX_SIGNATURES}
 * @throws IllegalArgumentException if either violates the format
 */
public record Note(String text, List<NoteSignature> signatures) {
  /** Largest note accepted, in bytes of UTF-8. */
  public static final int MAX_NOTE_BYTES = 1 << 20;

  /**
   * Most signature lines accepted in one note. The spec requires at least 16; Go's reference
   * implementation accepts 100, and so do we.
   */
  public static final int MAX_SIGNATURES = 100;

  static final String SIGNATURE_PREFIX = "\u2014 ";
  private static final int MIN_SIGNATURE_BYTES = 5;
  private static final String FIELD = "note";

  public Note {
    signatures = List.copyOf(signatures);
    if (text.isEmpty() || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    String problem = NoteEncoding.textProblem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a note has 1 to " + MAX_SIGNATURES + " signatures, not " + signatures.size());
    }
  }

  /**
   * Parses a signed note from its exact bytes.
   *
   * @throws InvalidInputException (field {@code note}) naming the first problem found: too large,
   *     not UTF-8, a control character, no blank line before the signatures, a line in the
   *     signature block that is not a signature line, a bad key name or base64, a signature shorter
   *     than five bytes, too many signatures, or a missing final newline
   */
  public static Note parse(byte[] note) {
    if (note.length > MAX_NOTE_BYTES) {
      throw InvalidInputException.tooLarge(
          FIELD, "note is " + note.length + " bytes, more than " + MAX_NOTE_BYTES);
    }
    return parseText(NoteEncoding.utf8(note, FIELD));
  }

  /**
   * Parses a signed note from its text; the same rules as {@link #parse(byte[])}.
   *
   * @throws InvalidInputException as {@link #parse(byte[])} does
   */
  public static Note parse(String note) {
    long size = NoteEncoding.utf8Length(note);
    if (size > MAX_NOTE_BYTES) {
      throw InvalidInputException.tooLarge(
          FIELD, "note is " + size + " bytes, more than " + MAX_NOTE_BYTES);
    }
    return parseText(note);
  }

  /**
   * Parses and verifies in one step, for notes that are evidence rather than a caller's request: a
   * malformed note is then a verification failure, not invalid input.
   *
   * @throws NoteVerificationException of any of its three kinds
   */
  public static VerifiedNote open(byte[] note, List<NoteVerifier> known) {
    Note parsed;
    try {
      parsed = parse(note);
    } catch (InvalidInputException e) {
      throw new NoteVerificationException.Malformed(e);
    }
    return parsed.verify(known);
  }

  private static Note parseText(String s) {
    String problem = NoteEncoding.textProblem(s);
    if (problem != null) {
      throw bad(problem);
    }
    // The text ends at the last blank line; signature lines never contain one.
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw bad("no blank line separating the text from the signatures");
    }
    String text = s.substring(0, split + 1);
    String block = s.substring(split + 2);
    if (block.isEmpty()) {
      throw bad("no signature lines after the blank line");
    }
    if (!block.endsWith("\n")) {
      throw bad("the last signature line does not end with a newline");
    }
    int firstLine = (int) text.chars().filter(c -> c == '\n').count() + 2;
    String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw bad("more than " + MAX_SIGNATURES + " signatures (" + lines.length + ")");
    }
    List<NoteSignature> sigs = new ArrayList<>(lines.length);
    for (int i = 0; i < lines.length; i++) {
      sigs.add(parseSignatureLine(lines[i], firstLine + i));
    }
    return new Note(text, sigs);
  }

  private static NoteSignature parseSignatureLine(String line, int lineNo) {
    String where = "line " + lineNo + ": ";
    if (!line.startsWith(SIGNATURE_PREFIX)) {
      throw bad(where + "expected a signature line starting with \"\u2014 \" (U+2014, space)");
    }
    String rest = line.substring(SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw bad(where + "signature line has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    String nameProblem = NoteEncoding.keyNameProblem(name);
    if (nameProblem != null) {
      throw bad(where + nameProblem);
    }
    String encoded = rest.substring(space + 1);
    byte[] blob;
    try {
      blob = NoteEncoding.base64(encoded, FIELD, "signature");
    } catch (InvalidInputException e) {
      // Say "too short" rather than "not canonical" when both hold: it is the more useful news.
      blob = NoteEncoding.base64Lenient(encoded);
      if (blob == null || blob.length >= MIN_SIGNATURE_BYTES) {
        throw bad(where + e.detail());
      }
    }
    if (blob.length < MIN_SIGNATURE_BYTES) {
      throw bad(
          where
              + "signature is "
              + blob.length
              + " bytes; it needs a 4-byte key hash and at least one signature byte");
    }
    int keyHash =
        ((blob[0] & 0xff) << 24)
            | ((blob[1] & 0xff) << 16)
            | ((blob[2] & 0xff) << 8)
            | blob[3] & 0xff;
    return new NoteSignature(name, keyHash, Arrays.copyOfRange(blob, 4, blob.length));
  }

  private static InvalidInputException bad(String detail) {
    return InvalidInputException.badRequest(FIELD, "malformed note: " + detail);
  }

  /** The exact bytes of this signed note (UTF-8). */
  public byte[] format() {
    return formatString().getBytes(StandardCharsets.UTF_8);
  }

  /** The signed note as text: the text, a blank line, then one line per signature. */
  public String formatString() {
    StringBuilder b = new StringBuilder(text).append('\n');
    for (NoteSignature sig : signatures) {
      b.append(sig.line()).append('\n');
    }
    return b.toString();
  }

  /**
   * Verifies this note against {@code known} keys, per C2SP signed-note: signatures whose name and
   * key hash both match a known key must verify; others are ignored; at least one must verify.
   *
   * @param known the trusted keys; no two may share both name and key hash
   * @return the verified and the ignored signatures
   * @throws NoteVerificationException.BadSignature if any signature by a known key fails
   * @throws NoteVerificationException.NoKnownSignature if no signature is by a known key
   * @throws IllegalArgumentException if two known keys share name and key hash (ambiguous)
   */
  public VerifiedNote verify(List<NoteVerifier> known) {
    Set<String> ids = new HashSet<>();
    for (NoteVerifier v : known) {
      if (!ids.add(v.name() + "+" + NoteEncoding.hex8(v.keyHash()))) {
        throw new IllegalArgumentException(
            "ambiguous verifiers: two keys named "
                + v.name()
                + "+"
                + NoteEncoding.hex8(v.keyHash()));
      }
    }
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    Set<NoteSignature> verified = new LinkedHashSet<>();
    List<NoteSignature> unverified = new ArrayList<>();
    for (NoteSignature sig : signatures) {
      NoteVerifier verifier = find(known, sig);
      if (verifier == null) {
        unverified.add(sig);
        continue;
      }
      if (verifier.check(textBytes, sig.signature()) instanceof SignatureCheck.Invalid bad) {
        throw new NoteVerificationException.BadSignature(sig, verifier, bad.reason());
      }
      verified.add(sig);
    }
    if (verified.isEmpty()) {
      throw new NoteVerificationException.NoKnownSignature(unverified, known);
    }
    return new VerifiedNote(this, List.copyOf(verified), unverified);
  }

  private static @Nullable NoteVerifier find(List<NoteVerifier> known, NoteSignature sig) {
    for (NoteVerifier v : known) {
      if (v.name().equals(sig.name()) && v.keyHash() == sig.keyHash()) {
        return v;
      }
    }
    return null;
  }
}
