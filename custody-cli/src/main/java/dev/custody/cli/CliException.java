package dev.custody.cli;

import org.jspecify.annotations.Nullable;

/** A command failed for a reason the user can act on; carries the hint line to print. */
final class CliException extends RuntimeException {
  private final @Nullable String hint;

  CliException(String message, @Nullable String hint) {
    super(message);
    this.hint = hint;
  }

  @Nullable String hint() {
    return hint;
  }
}
