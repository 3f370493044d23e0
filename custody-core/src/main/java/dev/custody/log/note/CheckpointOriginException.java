package dev.custody.log.note;

import dev.custody.error.VerificationException;

/**
 * A verified checkpoint is from a different log than expected (check {@value #CHECK}). Carries both
 * origins.
 */
public final class CheckpointOriginException extends VerificationException {
  /** The check name reported. */
  public static final String CHECK = "checkpoint-origin";

  private final String expected;
  private final String actual;

  CheckpointOriginException(String expected, String actual) {
    super(CHECK, "checkpoint origin is \"" + actual + "\", expected \"" + expected + "\"");
    this.expected = expected;
    this.actual = actual;
  }

  public String expected() {
    return expected;
  }

  public String actual() {
    return actual;
  }
}
