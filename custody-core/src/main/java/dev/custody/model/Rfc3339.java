package dev.custody.model;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Reads the everyday form of an RFC 3339 time without java.time's formatter, which cost more than
 * the rest of reading a small record: {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of one to
 * nine digits, then {@code Z} or {@code ±HH:MM}, with every field in its usual range. Anything else
 * (another form, a lower-case {@code t} or {@code z}, month 13, 30 February, hour 24, second 60, an
 * offset of 18 hours) is not read here: {@link #read} answers null and the caller asks its own
 * parser, so refusals and edge cases keep that parser's answer. For what it reads, the answer is
 * exactly {@code OffsetDateTime.parse(s).toInstant()}, which is also {@code Instant.parse(s)}.
 * {@link #write} goes the other way, as {@code Instant.toString} does.
 */
public final class Rfc3339 {
  private Rfc3339() {}

  // 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years Instant.toString writes with four
  // digits and no sign.
  private static final long FIRST_SECOND = -62_167_219_200L;
  private static final long END_SECOND = 253_402_300_800L;
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /**
   * Exactly {@code t.toString()} (ISO-8601 in UTC: seconds always, a fraction of three, six or nine
   * digits when it is not zero), written without java.time's formatter for the years 0 to 9999;
   * other years go to {@code toString}. The graph writes an activity's start and end this way for
   * every record that states one.
   */
  public static String write(Instant t) {
    long seconds = t.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds >= END_SECOND) {
      return t.toString();
    }
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(days);
    int nanos = t.getNano();
    char[] out =
        new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1000 == 0 ? 27 : 30];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (nanos != 0) {
      out[19] = '.';
      int digits = out.length - 21;
      put(out, 20, nanos / POWERS_OF_TEN[9 - digits], digits);
    }
    out[out.length - 1] = 'Z';
    return new String(out);
  }

  /** {@code value} as {@code count} decimal digits at {@code out[at]}, zeros in front. */
  private static void put(char[] out, int at, int value, int count) {
    int v = value;
    for (int i = at + count - 1; i >= at; i--) {
      out[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  /** The instant {@code s} names, or null if {@code s} is not in the everyday form. */
  public static @Nullable Instant read(CharSequence s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || day > LocalDate.of(year, month, 1).lengthOfMonth()
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (s.charAt(at) == '.') {
      int from = ++at;
      while (at < n && at - from < 10 && isDigit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at++) - '0');
      }
      int count = at - from;
      if (count == 0 || count > 9) {
        return null;
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    if (at == n - 1 && s.charAt(at) == 'Z') {
      offset = 0;
    } else if (at == n - 6
        && (s.charAt(at) == '+' || s.charAt(at) == '-')
        && s.charAt(at + 3) == ':') {
      int oh = digits(s, at + 1, 2);
      int om = digits(s, at + 4, 2);
      if ((oh | om) < 0 || oh > 17 || om > 59) {
        return null;
      }
      offset = (oh * 3600 + om * 60) * (s.charAt(at) == '-' ? -1 : 1);
    } else {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    long seconds = days * 86_400 + hour * 3600L + minute * 60L + second - offset;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The decimal number of {@code s[from, from + count)}, or -1 if a char is not a digit. */
  private static int digits(CharSequence s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
