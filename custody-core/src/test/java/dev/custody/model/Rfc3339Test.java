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
  void whatItWritesIsWhatInstantWrites(@ForAll("instants") Instant t) {
    assertThat(Rfc3339.write(t)).isEqualTo(t.toString());
  }

  @Provide
  Arbitrary<Instant> instants() {
    // Seconds across and beyond the four-digit years (and around their ends), nanos of every
    // granularity Instant.toString tells apart: none, milli, micro, nano.
    Arbitrary<Long> seconds =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400),
            Arbitraries.longs().between(-100_000, 100_000),
            Arbitraries.of(
                -62_167_219_200L, -62_167_219_201L, 253_402_300_799L, 253_402_300_800L, 0L, -1L),
            Arbitraries.longs()
                .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
    Arbitrary<Integer> nanos =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
            Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
            Arbitraries.integers().between(0, 999_999_999));
    return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

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
