package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Rfc6962;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint note text: origin, tree size, RFC 6962 root hash, then optional extension
 * lines, each ending in a newline. This is only the body; see {@link SignedCheckpoint} for signing
 * and verifying. Immutable (the root hash is copied in and out); equality compares bytes.
 *
 * @param origin the log's identity; non-empty, no control characters
 * @param size the number of leaves; non-negative (an unsigned 64-bit size above {@code
 *     Long.MAX_VALUE} is rejected)
 * @param rootHash the 32-byte root hash at {@code size}
 * @param extensionLines opaque extension lines, each non-empty, without their newlines
 * @throws IllegalArgumentException if any component violates the format
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensionLines) {
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");
  private static final String FIELD = "checkpoint";

  public Checkpoint {
    extensionLines = List.copyOf(extensionLines);
    requireLine("origin", origin);
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    if (rootHash.length != Rfc6962.HASH_SIZE) {
      throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
    }
    rootHash = rootHash.clone();
    for (String line : extensionLines) {
      requireLine("extension line", line);
    }
  }

  /** A checkpoint without extension lines. */
  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  private static void requireLine(String what, String line) {
    if (line.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    if (line.indexOf('\n') >= 0) {
      throw new IllegalArgumentException(what + " contains a newline");
    }
    String problem = NoteEncoding.textProblem(line);
    if (problem != null) {
      throw new IllegalArgumentException(what + ": " + problem);
    }
  }

  /**
   * Parses a checkpoint note text (no signatures), strictly.
   *
   * @throws InvalidInputException (field {@code checkpoint}) if the text is larger than {@link
   *     Note#MAX_NOTE_BYTES}, lacks its final newline, has fewer than three lines, an empty origin
   *     or extension line, a size that is not canonical decimal or exceeds {@code 2^63-1}, or a
   *     root hash that is not canonical base64 of 32 bytes
   */
  public static Checkpoint parse(String noteText) {
    if (NoteEncoding.utf8Length(noteText) > Note.MAX_NOTE_BYTES) {
      throw InvalidInputException.tooLarge(FIELD, "checkpoint is larger than 1 MiB");
    }
    String problem = NoteEncoding.textProblem(noteText);
    if (problem != null) {
      throw bad(problem);
    }
    if (!noteText.endsWith("\n")) {
      throw bad("checkpoint text must end with a newline");
    }
    String[] lines = noteText.substring(0, noteText.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw bad(
          "a checkpoint has at least 3 lines (origin, size, root hash), found " + lines.length);
    }
    if (lines[0].isEmpty()) {
      throw bad("line 1: origin is empty");
    }
    long size = parseSize(lines[1]);
    byte[] root;
    try {
      root = NoteEncoding.base64(lines[2], FIELD, "line 3: root hash");
    } catch (InvalidInputException e) {
      throw bad(e.detail());
    }
    if (root.length != Rfc6962.HASH_SIZE) {
      throw bad("line 3: root hash must be 32 bytes, got " + root.length);
    }
    List<String> extensions = Arrays.asList(lines).subList(3, lines.length);
    for (int i = 0; i < extensions.size(); i++) {
      if (extensions.get(i).isEmpty()) {
        throw bad("line " + (i + 4) + ": extension lines must not be empty");
      }
    }
    return new Checkpoint(lines[0], size, root, extensions);
  }

  private static long parseSize(String s) {
    if (!DECIMAL.matcher(s).matches()) {
      throw bad(
          "line 2: tree size \""
              + abbreviate(s)
              + "\" is not a decimal number without sign or leading zeros");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw bad("line 2: tree size " + s + " is larger than 2^63-1");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static InvalidInputException bad(String detail) {
    return InvalidInputException.badRequest(FIELD, "malformed checkpoint: " + detail);
  }

  /** The note text: each component on its own line, ending in a newline. */
  public String toNoteText() {
    StringBuilder b =
        new StringBuilder(origin)
            .append('\n')
            .append(size)
            .append('\n')
            .append(NoteEncoding.base64(rootHash))
            .append('\n');
    for (String line : extensionLines) {
      b.append(line).append('\n');
    }
    return b.toString();
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other
        && origin.equals(other.origin)
        && size == other.size
        && Arrays.equals(rootHash, other.rootHash)
        && extensionLines.equals(other.extensionLines);
  }

  @Override
  public int hashCode() {
    return ((origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash)) * 31
        + extensionLines.hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + origin
        + ", size "
        + size
        + ", root "
        + HexFormat.of().formatHex(rootHash)
        + (extensionLines.isEmpty() ? "" : ", " + extensionLines.size() + " extension lines")
        + "]";
  }
}
