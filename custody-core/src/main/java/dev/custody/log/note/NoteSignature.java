package dev.custody.log.note;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One signature line of a signed note: {@code — <name> base64(keyHash || signature)}.
 *
 * <p>Immutable: the signature bytes are copied in and out. Equality compares the bytes.
 *
 * @param name the key name; non-empty, without Unicode spaces or {@code +}
 * @param keyHash the key ID, a big-endian uint32 carried in a Java {@code int}
 * @param signature the algorithm-specific signature bytes after the key ID; at least one byte
 * @throws IllegalArgumentException if the name is invalid or the signature is empty
 */
public record NoteSignature(String name, int keyHash, byte[] signature) {
  public NoteSignature {
    String problem = NoteEncoding.keyNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    if (signature.length == 0) {
      throw new IllegalArgumentException("signature is empty");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The key hash as 8 lowercase hex digits, as in key strings. */
  public String keyHashHex() {
    return NoteEncoding.hex8(keyHash);
  }

  /** {@code name+hash}, how keys are named in messages (as Go's note package does). */
  public String keyId() {
    return name + "+" + keyHashHex();
  }

  /** The signature line without its final newline: {@code — name base64(keyHash||sig)}. */
  public String line() {
    byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyHash).put(signature).array();
    return Note.SIGNATURE_PREFIX + name + " " + NoteEncoding.base64(blob);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature other
        && name.equals(other.name)
        && keyHash == other.keyHash
        && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + keyHash) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "NoteSignature[" + keyId() + ", " + signature.length + " bytes]";
  }
}
