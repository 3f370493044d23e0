package dev.custody.error;

/**
 * The one error hierarchy of Custody. Every failure that crosses a package boundary is one of three
 * kinds, and the HTTP layer maps each kind to RFC 9457 problem+json in one place:
 *
 * <ul>
 *   <li>{@link InvalidInputException}: the caller sent something wrong (4xx, names the field);
 *   <li>{@link VerificationException}: evidence did not check out (says which check and why);
 *   <li>{@link InternalException}: our fault (5xx, logged with an id, no details to clients).
 * </ul>
 */
public abstract sealed class CustodyException extends RuntimeException
    permits InvalidInputException, VerificationException, InternalException {

  CustodyException(String message, Throwable cause) {
    super(message, cause);
  }
}
