package io.strata.tools.openmetrics;

import java.nio.charset.StandardCharsets;

/**
 * Parses floats with the syntax Go's {@code strconv.ParseFloat} accepts for decimal input (what
 * Prometheus's text parsers use), without creating strings for the common case.
 *
 * <p>Accepted: optional sign, digits with an optional point, optional exponent; {@code Inf},
 * {@code Infinity} (any case, optional sign) and {@code NaN} (any case). Rejected like Prometheus:
 * hexadecimal, underscores, whitespace, Java's {@code d}/{@code f} suffixes.
 *
 * <p>Numbers with at most 15 significant digits and a decimal exponent within ±22 are computed
 * exactly with one IEEE multiplication or division of two exactly representable values (Clinger's
 * fast path), which is correctly rounded and so equal to {@link Double#parseDouble}; everything else
 * goes through {@code parseDouble}.
 */
final class FloatParser {
  /** The NaN Go's ParseFloat returns (Prometheus's {@code value.NormalNaN}). */
  static final double NORMAL_NAN = Double.longBitsToDouble(0x7FF8000000000001L);

  private static final double[] POW10 = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private FloatParser() {}

  /** Parses {@code b[from, to)}; throws {@link NumberFormatException} with no message on bad syntax. */
  static double parse(byte[] b, int from, int to) {
    int i = from;
    if (i >= to) {
      throw new NumberFormatException();
    }
    boolean negative = false;
    if (b[i] == '+' || b[i] == '-') {
      negative = b[i] == '-';
      i++;
    }
    if (i < to && !isDigit(b[i]) && b[i] != '.') {
      return special(b, from, i, to, negative);
    }
    long mantissa = 0;
    int significant = 0;
    int exp10 = 0;
    boolean anyDigit = false;
    boolean truncated = false;
    while (i < to && isDigit(b[i])) {
      anyDigit = true;
      if (significant < 18) {
        if (mantissa != 0 || b[i] != '0') {
          significant++;
        }
        mantissa = mantissa * 10 + (b[i] - '0');
      } else {
        exp10++;
        truncated |= b[i] != '0';
      }
      i++;
    }
    if (i < to && b[i] == '.') {
      i++;
      while (i < to && isDigit(b[i])) {
        anyDigit = true;
        if (significant < 18) {
          if (mantissa != 0 || b[i] != '0') {
            significant++;
          }
          mantissa = mantissa * 10 + (b[i] - '0');
          exp10--;
        } else {
          truncated |= b[i] != '0';
        }
        i++;
      }
    }
    if (!anyDigit) {
      throw new NumberFormatException();
    }
    if (i < to && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      boolean expNeg = false;
      if (i < to && (b[i] == '+' || b[i] == '-')) {
        expNeg = b[i] == '-';
        i++;
      }
      if (i >= to || !isDigit(b[i])) {
        throw new NumberFormatException();
      }
      int e = 0;
      while (i < to && isDigit(b[i])) {
        if (e < 100_000) {
          e = e * 10 + (b[i] - '0');
        }
        i++;
      }
      exp10 += expNeg ? -e : e;
    }
    if (i != to) {
      throw new NumberFormatException();
    }
    if (!truncated && significant <= 15 && exp10 >= -22 && exp10 <= 22) {
      double m = mantissa;
      double v = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
      return negative ? -v : v;
    }
    return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
  }

  private static double special(byte[] b, int from, int i, int to, boolean negative) {
    String word = new String(b, i, to - i, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
    if (word.equals("inf") || word.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (word.equals("nan") && i == from) {
      return NORMAL_NAN;
    }
    throw new NumberFormatException();
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
