package dev.custody.api;

import dev.custody.error.InvalidInputException;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/** Strict parsing of query parameters: a bad value is a 400 naming the parameter. */
final class Params {
  private Params() {}

  static long requiredLong(Context ctx, String name) {
    Long v = optionalLong(ctx, name);
    if (v == null) {
      throw InvalidInputException.badRequest(name, "query parameter '" + name + "' is required");
    }
    return v;
  }

  static @Nullable Long optionalLong(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return null;
    }
    return parseNonNegative(raw, name);
  }

  static long parseNonNegative(String raw, String name) {
    if (raw.isEmpty() || raw.length() > 19 || !raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw InvalidInputException.badRequest(
          name, "'" + name + "' must be a non-negative decimal integer, got '" + clip(raw) + "'");
    }
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw InvalidInputException.badRequest(name, "'" + name + "' is too large");
    }
  }

  /**
   * An RFC 3339 instant with an offset ({@code Z} or {@code %2B01:00}: a raw {@code +} is a space).
   */
  static java.time.@Nullable Instant optionalInstant(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(raw).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw InvalidInputException.badRequest(
          name,
          "'"
              + name
              + "' must be an RFC 3339 time with an offset, like 2026-11-25T13:00:00Z (encode '+'"
              + " as %2B), got '"
              + clip(raw)
              + "'");
    }
  }

  /** A boolean flag: {@code true} or {@code false}; absent is false. */
  static boolean flag(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw InvalidInputException.badRequest(name, "'" + name + "' must be true or false");
  }

  static int limit(Context ctx, int dflt, int max) {
    Long v = optionalLong(ctx, "limit");
    if (v == null) {
      return dflt;
    }
    if (v < 1 || v > max) {
      throw InvalidInputException.badRequest("limit", "'limit' must be in [1, " + max + "]");
    }
    return v.intValue();
  }

  static boolean waitForCheckpoint(Context ctx) {
    String w = ctx.queryParam("wait");
    if (w == null) {
      return false;
    }
    if (!w.equals("checkpoint")) {
      throw InvalidInputException.badRequest("wait", "'wait' takes only the value 'checkpoint'");
    }
    return true;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
