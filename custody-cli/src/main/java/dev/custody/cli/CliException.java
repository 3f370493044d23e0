package dev.custody.cli;

import org.jspecify.annotations.Nullable;

/**
 * A command failed for a reason the user can act on; carries the hint line to print and the exit
 * status (1 by default: the command ran and something was wrong; 2 when it could not run, such as a
 * server that cannot be reached).
 */
final class CliException extends RuntimeException {
  private final @Nullable String hint;
  private final int status;

  CliException(String message, @Nullable String hint) {
    this(message, hint, 1);
  }

  CliException(String message, @Nullable String hint, int status) {
    super(message);
    this.hint = hint;
    this.status = status;
  }

  /** The server at {@code base} did not answer at all. */
  static CliException unreachable(String base, String why) {
    return new CliException(
        "cannot reach " + base + ": " + why, "is the server running at that URL?", Main.USAGE);
  }

  @Nullable String hint() {
    return hint;
  }

  int status() {
    return status;
  }
}
