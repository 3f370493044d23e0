package dev.custody.ingest.prov;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * An {@code xsd:dateTime}, as used by {@code prov:time}, {@code prov:startTime} and {@code
 * prov:endTime}. The lexical form is kept for output; {@link #normalized()} is what compares, so
 * {@code 12:00:00+01:00} equals {@code 11:00:00Z}. A time without a zone is a local time and only
 * equals the same local time. Years beyond 9999 and fractions finer than a nanosecond, which
 * xsd:dateTime allows but {@code java.time} does not, are refused.
 *
 * @param lexical the xsd:dateTime as written
 */
public record ProvTime(String lexical) {
  // The xsd:dateTime lexical space (seconds required, fraction and zone optional); java.time
  // checks the field ranges afterwards.
  private static final Pattern LEXICAL =
      Pattern.compile(
          "-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");

  /** Validates the lexical form; throws IllegalArgumentException naming what is wrong. */
  public ProvTime {
    normalize(lexical);
  }

  /** The instant (for a zoned time) or local date-time, as a comparable string. */
  public String normalized() {
    return normalize(lexical);
  }

  private static String normalize(String lexical) {
    if (!LEXICAL.matcher(lexical).matches()) {
      throw new IllegalArgumentException("not an xsd:dateTime: \"" + lexical + "\"");
    }
    try {
      boolean zoned = lexical.endsWith("Z") || lexical.matches(".*T.*[+-]\\d{2}:\\d{2}$");
      return zoned
          ? OffsetDateTime.parse(lexical).toInstant().toString()
          : "local " + LocalDateTime.parse(lexical);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an xsd:dateTime: \"" + lexical + "\"", e);
    }
  }
}
