package dev.custody.store;

/**
 * An append that would change a node's kind (a node keeps the kind it was first stated with):
 * nothing was written. The sequencer then finds the request that states it and refuses it alone.
 */
public final class KindConflictException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KindConflictException(String message) {
    super(message);
  }
}
