package dev.custody.error;

/**
 * Something failed on Custody's side (storage, I/O, a bug). The message is for logs only; the HTTP
 * layer answers 5xx with an id and never shows the message or cause to clients.
 */
public final class InternalException extends CustodyException {
  public InternalException(String message, Throwable cause) {
    super(message, cause);
  }

  public InternalException(String message) {
    super(message, null);
  }
}
