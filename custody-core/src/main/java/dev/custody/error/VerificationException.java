package dev.custody.error;

/**
 * Evidence did not check out: a proof, a signature, a digest. Names the check that failed and why.
 * Subclasses carry the evidence itself (both roots of a root mismatch, for example) so a caller can
 * show it.
 */
public non-sealed class VerificationException extends CustodyException {
  private final String check;

  public VerificationException(String check, String detail) {
    super(detail, null);
    this.check = check;
  }

  public VerificationException(String check, String detail, Throwable cause) {
    super(detail, cause);
    this.check = check;
  }

  /** The name of the check that failed, for example {@code inclusion-proof}. */
  public String check() {
    return check;
  }

  public String detail() {
    return getMessage();
  }
}
