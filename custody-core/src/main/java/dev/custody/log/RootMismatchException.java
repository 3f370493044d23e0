package dev.custody.log;

import java.util.HexFormat;

/**
 * A well-formed proof leads to a root other than the one claimed. Carries both roots as evidence:
 * {@link #expected()} is the root the caller trusted, {@link #computed()} the root the proof
 * yields. Both accessors return copies.
 */
public final class RootMismatchException extends ProofException {
  private final byte[] expected;
  private final byte[] computed;

  /**
   * @param which which root is meant, for the message (for example {@code "root"}, {@code "root1"})
   */
  public RootMismatchException(String check, String which, byte[] expected, byte[] computed) {
    super(
        check,
        which
            + " mismatch: expected "
            + HexFormat.of().formatHex(expected)
            + ", proof yields "
            + HexFormat.of().formatHex(computed));
    this.expected = expected.clone();
    this.computed = computed.clone();
  }

  /** The root the caller claimed. */
  public byte[] expected() {
    return expected.clone();
  }

  /** The root computed from the proof. */
  public byte[] computed() {
    return computed.clone();
  }
}
