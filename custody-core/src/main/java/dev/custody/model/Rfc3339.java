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
 */
public final class Rfc3339 {
  private Rfc3339() {}

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
