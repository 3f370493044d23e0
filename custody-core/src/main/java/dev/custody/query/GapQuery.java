package dev.custody.query;

import dev.custody.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * A request for missing links.
 *
 * @param asOf log size to answer at; null for the latest checkpoint's
 * @param type only nodes of this type; null for all
 * @param kind only gaps of this kind ({@link GapRules#RULES}); null for all
 * @param limit at most this many gaps listed (counts are always complete)
 */
public record GapQuery(
    @Nullable Long asOf, @Nullable String type, @Nullable String kind, int limit) {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  /**
   * @throws InvalidInputException 400 naming the parameter that is out of range or unknown
   */
  public GapQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.badRequest("limit", "'limit' must be in [1, " + MAX_LIMIT + "]");
    }
    if (type != null && (type.isEmpty() || type.length() > 1000)) {
      throw InvalidInputException.badRequest("type", "'type' must be 1 to 1000 characters");
    }
    if (kind != null && GapRules.rule(kind).isEmpty()) {
      throw InvalidInputException.badRequest(
          "kind",
          "'kind' must be one of "
              + GapRules.RULES.stream().map(GapRules.Rule::kind).toList()
              + ", got '"
              + (kind.length() > 40 ? kind.substring(0, 37) + "..." : kind)
              + "'");
    }
  }
}
