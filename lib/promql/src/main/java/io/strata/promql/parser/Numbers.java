package io.strata.promql.parser;

import io.strata.promql.ast.GoStrings;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Number literal semantics of Prometheus' parser: Go's {@code strconv.ParseInt(s, 0, 64)} first (so
 * {@code 0x1F}, {@code 0o17}, {@code 017} octal and {@code 1_000} work), then {@code strconv.ParseFloat}.
 */
public final class Numbers {
  private Numbers() {}

  /**
   * @throws IllegalArgumentException with Go's {@code strconv.ParseFloat: parsing "...": ...} message
   */
  public static double parse(String s) {
    Long asInt = parseIntBase0(s);
    if (asInt != null) {
      return (double) asInt;
    }
    return parseFloat(s);
  }

  /** Go's {@code ParseInt(s, 0, 64)}, or null when it would fail. */
  private static Long parseIntBase0(String s) {
    String t = s;
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    int base = 10;
    String digits = t;
    boolean prefixed = false;
    if (t.length() >= 2 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x' || p == 'o' || p == 'b') {
        base = p == 'x' ? 16 : p == 'o' ? 8 : 2;
        digits = t.substring(2);
        prefixed = true;
      } else {
        base = 8;
        digits = t.substring(1);
      }
    }
    if (!underscoresOk(t, prefixed)) {
      return null;
    }
    digits = digits.replace("_", "");
    if (digits.isEmpty()) {
      return base == 8 && !prefixed ? 0L : null;
    }
    for (int i = 0; i < digits.length(); i++) {
      if (Character.digit(digits.charAt(i), base) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(digits, base);
    if (negative) {
      v = v.negate();
    }
    if (v.bitLength() > 63) {
      return null;
    }
    return v.longValue();
  }

  /** Underscores must sit between digits, or between a base prefix and a digit. */
  private static boolean underscoresOk(String s, boolean prefixed) {
    if (s.indexOf('_') < 0) {
      return true;
    }
    char saw = '^';
    int i = 0;
    if (prefixed) {
      i = 2;
      saw = '0';
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || (Character.digit(c, 16) >= 0 && prefixed)) {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  /** Go's {@code strconv.ParseFloat(s, 64)}. @throws IllegalArgumentException when it would fail */
  public static double parseFloat(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean neg = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    if (s.indexOf('_') >= 0) {
      if (!underscoresOk(s, false)) {
        throw syntax(s);
      }
    }
    String t = s.replace("_", "");
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      throw syntax(s);
    }
    double v = Double.parseDouble(t);
    if (Double.isInfinite(v)) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
    }
    return v;
  }

  private static IllegalArgumentException syntax(String s) {
    return new IllegalArgumentException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
  }

  /** Go's {@code math.Round}: half away from zero. */
  static double goRound(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return Math.copySign(Math.floor(Math.abs(v) + 0.5), v);
  }

  /** Seconds as Prometheus turns them into a {@code time.Duration} and back into milliseconds. */
  static long secondsToMillis(double seconds) {
    double nanos = goRound(seconds * 1e9);
    return ((long) nanos) / 1_000_000;
  }

  /** Whether seconds would overflow an int64 of nanoseconds. */
  static boolean durationOutOfRange(double seconds) {
    return seconds > 9.223372036854775807e18 / 1e9 || seconds < -9.223372036854775808e18 / 1e9;
  }
}
