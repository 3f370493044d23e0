package dev.custody.log.note;

import dev.custody.error.InvalidInputException;
import dev.custody.log.Rfc6962;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Encodings shared by notes, keys and checkpoints. Stateless; not API. */
final class NoteEncoding {
  private static final Pattern HEX8 = Pattern.compile("[0-9a-fA-F]{8}");

  private NoteEncoding() {}

  /** Decodes strict UTF-8; malformed or unmappable bytes are an error, never replaced. */
  static String utf8(byte[] bytes, String field) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw InvalidInputException.badRequest(field, "not valid UTF-8");
    }
  }

  /**
   * Returns null if {@code s} is valid note text (no ASCII control characters but newline, no
   * unpaired surrogates), else what is wrong with it.
   */
  static @Nullable String textProblem(String s) {
    int line = 1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c < 0x20) {
        return String.format(
            Locale.ROOT, "line %d: control character U+%04X is not allowed", line, (int) c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "line " + line + ": unpaired surrogate (not encodable as UTF-8)";
      }
    }
    return null;
  }

  /** Length of {@code s} in UTF-8, counting an unpaired surrogate as three bytes. */
  static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Why {@code name} is not a valid key name (C2SP signed-note: non-empty, no Unicode spaces, no
   * plus), or null if it is valid.
   */
  static @Nullable String keyNameProblem(String name) {
    if (name.isEmpty()) {
      return "key name is empty";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '+') {
        return "key name must not contain '+'";
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85) {
        return String.format(Locale.ROOT, "key name must not contain space U+%04X", cp);
      }
      if (cp < 0x20) {
        return String.format(Locale.ROOT, "key name must not contain control U+%04X", cp);
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  /**
   * Decodes standard padded base64 (RFC 4648 §4), accepting only the canonical encoding so that
   * every value has exactly one textual form.
   */
  static byte[] base64(String s, String field, String what) {
    byte[] out;
    try {
      out = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.badRequest(field, what + " is not valid base64");
    }
    if (!Base64.getEncoder().encodeToString(out).equals(s)) {
      throw InvalidInputException.badRequest(
          field, what + " is not canonical padded base64 (RFC 4648 section 4)");
    }
    return out;
  }

  /** Decodes base64 as the JDK's basic decoder does (padding optional), or null if invalid. */
  static byte @Nullable [] base64Lenient(String s) {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** Parses the 8-hex-digit key hash of a key string. */
  static int hex8(String s, String field) {
    // ASCII only: Character.digit and Long.parseLong would also take fullwidth and other digits.
    if (!HEX8.matcher(s).matches()) {
      throw InvalidInputException.badRequest(
          field, "key hash must be 8 hex digits, got \"" + s + "\"");
    }
    return (int) Long.parseLong(s, 16);
  }

  /** A C2SP verifier key: {@code <name>+<hex key hash>+<base64(type || key)>}. */
  static String verifierKey(String name, int keyHash, byte type, byte[] key) {
    byte[] typed = new byte[1 + key.length];
    typed[0] = type;
    System.arraycopy(key, 0, typed, 1, key.length);
    return name + "+" + hex8(keyHash) + "+" + base64(typed);
  }

  static String hex8(int keyHash) {
    return HexFormat.of().toHexDigits(keyHash);
  }

  /** {@code SHA-256(name || 0x0A || type || key)[:4]} as a big-endian uint32 (C2SP key ID). */
  static int keyId(String name, byte type, byte[] key) {
    MessageDigest md = Rfc6962.sha256();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) '\n');
    md.update(type);
    md.update(key);
    return ByteBuffer.wrap(md.digest()).getInt();
  }

  /** The first four bytes of {@code SHA-256(data)} as a big-endian uint32. */
  static int sha256Prefix(byte[] data) {
    return ByteBuffer.wrap(Rfc6962.sha256().digest(data)).getInt();
  }

  /** A copy of {@code b} with {@code prefix} removed, or null if {@code b} does not start so. */
  static byte @Nullable [] stripPrefix(byte[] b, byte[] prefix) {
    if (b.length < prefix.length || !Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length)) {
      return null;
    }
    return Arrays.copyOfRange(b, prefix.length, b.length);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
