package io.strata.promql.ast;

/**
 * Prometheus durations ({@code 1h30m}, {@code 5m}, {@code 250ms}): units {@code y w d h m s ms}, largest
 * first, each at most once; {@code 0} alone is allowed. Same grammar and messages as
 * {@code model.ParseDuration} of {@code prometheus/common}.
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L
  };

  private Durations() {}

  /**
   * Parses a duration into milliseconds.
   *
   * @throws IllegalArgumentException with Prometheus' message on malformed input
   */
  public static long parseMillis(String s) {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int digitsStart = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == digitsStart) {
        throw notValid(s);
      }
      int unitStart = i;
      while (i < s.length() && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw notValid(s);
      }
      int u = unitIndex(unit);
      if (u < 0) {
        throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + s + "\"");
      }
      if (u <= lastUnit) {
        throw notValid(s);
      }
      lastUnit = u;
      long n;
      try {
        n = Long.parseLong(s.substring(digitsStart, unitStart));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range");
      }
      try {
        total = Math.addExact(total, Math.multiplyExact(n, MILLIS[u]));
        Math.multiplyExact(total, 1_000_000L); // Prometheus keeps nanoseconds in an int64.
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total;
  }

  private static int unitIndex(String unit) {
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i].equals(unit)) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException notValid(String s) {
    return new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
  }

  /** Prometheus' {@code model.Duration.String()} of a non-negative duration: {@code 1h30m}, {@code 0s}. */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long ms = millis;
    for (int i = 0; i < UNITS.length; i++) {
      long v = ms / MILLIS[i];
      if (v > 0) {
        b.append(v).append(UNITS[i]);
        ms -= v * MILLIS[i];
      }
    }
    return b.toString();
  }
}
