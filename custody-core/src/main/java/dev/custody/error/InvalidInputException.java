package dev.custody.error;

import org.jspecify.annotations.Nullable;

/**
 * The caller sent input that Custody refuses. Carries the HTTP status to answer with, a short
 * problem type slug, and the offending field: a JSON pointer into the request body (for example
 * {@code /2/name}), or the name of a query or path parameter. Nothing is written when this is
 * thrown.
 */
public final class InvalidInputException extends CustodyException {
  private final int status;
  private final String type;
  private final @Nullable String field;

  public InvalidInputException(int status, String type, @Nullable String field, String detail) {
    super(detail, null);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("status must be 4xx: " + status);
    }
    this.status = status;
    this.type = type;
    this.field = field;
  }

  /**
   * This refusal of a part, named from the whole: {@code prefix} (the part's pointer in the whole,
   * such as {@code /2} or {@code /event}) before the field the part's reader named.
   */
  public InvalidInputException under(String prefix) {
    return new InvalidInputException(status, type, prefix + (field == null ? "" : field), detail());
  }

  /** 400: the value of {@code field} is malformed or out of range. */
  public static InvalidInputException badRequest(@Nullable String field, String detail) {
    return new InvalidInputException(400, "invalid-input", field, detail);
  }

  /** 404: nothing is stored under the value given in {@code field}. */
  public static InvalidInputException notFound(@Nullable String field, String detail) {
    return new InvalidInputException(404, "not-found", field, detail);
  }

  /** 413: the body, or one item in it, is larger than the configured limit. */
  public static InvalidInputException tooLarge(@Nullable String field, String detail) {
    return new InvalidInputException(413, "too-large", field, detail);
  }

  /** 415: the request's content type is not one this endpoint takes. */
  public static InvalidInputException unsupportedMediaType(String detail) {
    return new InvalidInputException(415, "unsupported-media-type", "Content-Type", detail);
  }

  public int status() {
    return status;
  }

  /** A short slug naming the kind of problem, used in the problem type URI. */
  public String type() {
    return type;
  }

  /** The offending field (JSON pointer or parameter name), if there is one. */
  public @Nullable String field() {
    return field;
  }

  public String detail() {
    return getMessage();
  }
}
