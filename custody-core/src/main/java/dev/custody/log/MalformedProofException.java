package dev.custody.log;

/**
 * The proof or its claimed parameters cannot be valid whatever the tree holds: wrong number of
 * hashes, a hash that is not 32 bytes, an index outside the tree, {@code size1 > size2}, a proof
 * where none is allowed. No hashing was needed to decide.
 */
public final class MalformedProofException extends ProofException {
  public MalformedProofException(String check, String detail) {
    super(check, detail);
  }
}
