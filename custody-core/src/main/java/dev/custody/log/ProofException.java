package dev.custody.log;

import dev.custody.error.VerificationException;

/**
 * A Merkle proof did not check out. The closed set of reasons: the proof is malformed (it cannot be
 * a proof for the claimed sizes at all), or it is well formed but leads to a different root. {@link
 * #check()} is {@code inclusion-proof} or {@code consistency-proof}.
 */
public abstract sealed class ProofException extends VerificationException
    permits MalformedProofException, RootMismatchException {

  /** Check id of inclusion proof verification. */
  public static final String INCLUSION = "inclusion-proof";

  /** Check id of consistency proof verification. */
  public static final String CONSISTENCY = "consistency-proof";

  ProofException(String check, String detail) {
    super(check, detail);
  }
}
