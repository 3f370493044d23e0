package dev.custody.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * What the fast reader reads, it reads as java.time does; what it leaves, java.time still answers.
 */
class Rfc3339Test {

  @Property(tries = 3000)
  void whatItReadsIsWhatJavaTimeReads(@ForAll("nearlyTimes") String s) {
    Instant fast = Rfc3339.read(s);
    Instant offsetDateTime;
    try {
      offsetDateTime = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      assertThat(fast).as(s).isNull();
      return;
    }
    if (fast != null) {
      assertThat(fast).as(s).isEqualTo(offsetDateTime).isEqualTo(Instant.parse(s));
    }
  }

  @Test
  void theEverydayFormsAreRead() {
    assertThat(Rfc3339.read("2026-11-25T13:00:00Z"))
        .isEqualTo(Instant.parse("2026-11-25T13:00:00Z"));
    assertThat(Rfc3339.read("2026-11-25T13:00:00.5Z"))
        .isEqualTo(Instant.parse("2026-11-25T13:00:00.500Z"));
    assertThat(Rfc3339.read("2026-11-25T13:00:00.123456789+05:30"))
        .isEqualTo(Instant.parse("2026-11-25T07:30:00.123456789Z"));
    assertThat(Rfc3339.read("2024-02-29T23:59:59-10:00"))
        .isEqualTo(Instant.parse("2024-03-01T09:59:59Z"));
  }

  @Test
  void theRestIsLeftToJavaTime() {
    for (String s :
        new String[] {
          "2026-11-25t13:00:00Z",
          "2026-11-25T13:00:00z",
          "2026-02-30T13:00:00Z",
          "2026-11-25T24:00:00Z",
          "2026-11-25T23:59:60Z",
          "2026-11-25T13:00:00.Z",
          "2026-11-25T13:00:00.1234567890Z",
          "2026-11-25T13:00:00+18:00",
          "2026-11-25T13:00:00+0100",
          "2026-11-25T13:00:00",
          "2026-11-25 13:00:00Z",
          "+2026-11-25T13:00:00Z"
        }) {
      assertThat(Rfc3339.read(s)).as(s).isNull();
    }
  }

  @Provide
  Arbitrary<String> nearlyTimes() {
    Arbitrary<String> date =
        Combinators.combine(
                Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32))
            .as("%04d-%02d-%02d"::formatted);
    Arbitrary<String> time =
        Combinators.combine(
                Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 61))
            .as("%02d:%02d:%02d"::formatted);
    Arbitrary<String> fraction =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(d -> "." + d));
    Arbitrary<String> offset =
        Arbitraries.oneOf(
            Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "+0100", "+18:00", "-18:00"),
            Combinators.combine(
                    Arbitraries.of('+', '-'),
                    Arbitraries.integers().between(0, 19),
                    Arbitraries.integers().between(0, 60))
                .as("%c%02d:%02d"::formatted));
    Arbitrary<String> separator = Arbitraries.of("T", "T", "T", "t", " ");
    return Combinators.combine(date, separator, time, fraction, offset)
        .as((d, t, h, f, o) -> d + t + h + f + o);
  }
}
