package dev.custody.cli;

import dev.custody.service.ClockPolicy;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --max-skew} and {@code --backfill-after}, shared by {@code serve} and {@code reindex}: a
 * reindex must judge clocks as the server did, or the flags it rebuilds differ.
 */
final class ClockOptions {
  @Option(
      names = "--max-skew",
      converter = DurationConverter.class,
      description =
          "A claimed time further than this in the future of the receive time is flagged as skew"
              + " (default: 5m; e.g. 90s, 10m, 1h).")
  Duration maxSkew = ClockPolicy.DEFAULTS.maxSkew();

  @Option(
      names = "--backfill-after",
      converter = DurationConverter.class,
      description =
          "A claimed time further than this in the past of the receive time is marked as backfill"
              + " (default: 24h).")
  Duration backfillAfter = ClockPolicy.DEFAULTS.backfillAfter();

  ClockPolicy policy() {
    return new ClockPolicy(maxSkew, backfillAfter);
  }

  /** {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT5M}). */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt") || v.startsWith("p")) {
          return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        Duration d =
            switch (v.charAt(v.length() - 1)) {
              case 's' -> Duration.ofSeconds(n);
              case 'm' -> Duration.ofMinutes(n);
              case 'h' -> Duration.ofHours(n);
              case 'd' -> Duration.ofDays(n);
              default -> throw new NumberFormatException();
            };
        if (d.isNegative()) {
          throw new NumberFormatException();
        }
        return d;
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration; give e.g. 90s, 5m, 2h or 1d");
      }
    }
  }
}
