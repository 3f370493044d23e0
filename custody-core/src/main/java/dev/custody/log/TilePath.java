package dev.custody.log;

import dev.custody.error.InvalidInputException;

/**
 * C2SP tlog-tiles resource paths: {@code tile/<L>/<N>[.p/<W>]} for hash tiles and {@code
 * tile/entries/<N>[.p/<W>]} for entry bundles. {@code N} is written in groups of three decimal
 * digits, all but the last prefixed with {@code x} (1234067 is {@code x001/x234/067}); {@code
 * .p/<W>} marks a partial tile of width 1..255. Every tile has exactly one path: the parser rejects
 * all non-canonical spellings so that caches and CDNs never see two names for one tile. Stateless;
 * thread safe.
 */
public final class TilePath {
  /** The largest tile level a path may name. */
  public static final int MAX_LEVEL = 63;

  /** Groups needed for {@link Long#MAX_VALUE} (19 digits). */
  private static final int MAX_GROUPS = 7;

  private static final String FIELD = "path";

  private TilePath() {}

  /**
   * The path of hash tile {@code (level, index)} of the given width.
   *
   * @throws IllegalArgumentException if level is not 0..63, index is negative or width not 1..256
   */
  public static String tilePath(int level, long index, int width) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("tile level not in 0..63: " + level);
    }
    return "tile/" + level + "/" + suffix(index, width);
  }

  /**
   * The path of entry bundle {@code index} of the given width.
   *
   * @throws IllegalArgumentException if index is negative or width not 1..256
   */
  public static String entriesPath(long index, int width) {
    return "tile/entries/" + suffix(index, width);
  }

  /**
   * Encodes {@code n} as {@code x}-prefixed three-digit groups, for example {@code x001/x234/067}.
   */
  public static String encodeIndex(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative tile index " + n);
    }
    String last = threeDigits(n % 1000);
    StringBuilder out = new StringBuilder();
    for (long rest = n / 1000; rest > 0; rest /= 1000) {
      out.insert(0, "x" + threeDigits(rest % 1000) + "/");
    }
    return out.append(last).toString();
  }

  /**
   * Parses the part of a tile path after {@code tile/}, for example {@code 0/x001/x234/067.p/8} or
   * {@code entries/005}. Only the canonical spelling is accepted.
   *
   * @throws InvalidInputException (400, field {@code path}) for anything else: a level that is not
   *     0..63 in plain decimal, groups without zero padding or with a missing or misplaced {@code
   *     x}, leading zero groups, more groups than a 64-bit index needs, a width of 0, 256 or more,
   *     or with leading zeros, any other character
   */
  public static TileCoord parse(String pathAfterTilePrefix) {
    String[] parts = pathAfterTilePrefix.split("/", -1);
    if (parts.length < 2) {
      throw bad("expected <level>/<index> or entries/<index>");
    }
    boolean entries = parts[0].equals("entries");
    int level = entries ? 0 : parseLevel(parts[0]);
    int width = Tile.WIDTH;
    int end = parts.length;
    if (parts.length >= 3 && parts[end - 2].endsWith(".p")) {
      width = parseWidth(parts[end - 1]);
      parts[end - 2] = parts[end - 2].substring(0, parts[end - 2].length() - 2);
      end--;
    }
    long index = parseIndex(parts, 1, end);
    return new TileCoord(entries, level, index, width);
  }

  private static String suffix(long index, int width) {
    if (width < 1 || width > Tile.WIDTH) {
      throw new IllegalArgumentException("tile width not in 1..256: " + width);
    }
    String n = encodeIndex(index);
    return width == Tile.WIDTH ? n : n + ".p/" + width;
  }

  private static String threeDigits(long v) {
    return String.format(java.util.Locale.ROOT, "%03d", v);
  }

  private static int parseLevel(String s) {
    if (!isCanonicalDecimal(s, 2)) {
      throw bad("tile level must be a decimal 0..63 without leading zeros: " + quote(s));
    }
    int level = Integer.parseInt(s);
    if (level > MAX_LEVEL) {
      throw bad("tile level above " + MAX_LEVEL + ": " + level);
    }
    return level;
  }

  private static int parseWidth(String s) {
    if (!isCanonicalDecimal(s, 3)) {
      throw bad("partial width must be a decimal 1..255 without leading zeros: " + quote(s));
    }
    int width = Integer.parseInt(s);
    if (width == 0 || width >= Tile.WIDTH) {
      throw bad("partial width must be 1..255: " + width);
    }
    return width;
  }

  private static long parseIndex(String[] parts, int from, int to) {
    int groups = to - from;
    if (groups > MAX_GROUPS) {
      throw bad("tile index has more than " + MAX_GROUPS + " groups");
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      boolean last = i == to - 1;
      String group = parts[i];
      String digits = last ? group : stripX(group);
      if (digits.length() != 3 || !allDigits(digits)) {
        throw bad(
            "tile index group must be "
                + (last ? "three digits" : "x and three digits")
                + ": "
                + quote(group));
      }
      if (i == from && !last && digits.equals("000")) {
        throw bad("tile index has a leading zero group");
      }
      try {
        n = Math.addExact(Math.multiplyExact(n, 1000L), Integer.parseInt(digits));
      } catch (ArithmeticException e) {
        throw bad("tile index does not fit 63 bits");
      }
    }
    return n;
  }

  private static String stripX(String group) {
    return group.startsWith("x") ? group.substring(1) : "";
  }

  private static boolean isCanonicalDecimal(String s, int maxDigits) {
    if (s.isEmpty() || s.length() > maxDigits || !allDigits(s)) {
      return false;
    }
    return s.length() == 1 || s.charAt(0) != '0';
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String quote(String s) {
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
  }

  private static InvalidInputException bad(String detail) {
    return InvalidInputException.badRequest(FIELD, detail);
  }
}
