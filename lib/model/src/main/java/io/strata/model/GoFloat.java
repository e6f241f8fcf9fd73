package io.strata.model;

/**
 * Go's {@code strconv.FormatFloat(f, fmt, -1, 64)} (shortest representation that round-trips) for the
 * formats Prometheus uses when it prints numbers: {@code 'f'} (PromQL number literals, {@code count_values}
 * labels, scalar results), {@code 'e'}, {@code 'g'} (Go's {@code %g}/{@code %v} in messages) and the
 * HTTP API's sample value format.
 *
 * <p>The shortest digits come from {@link Double#toString(double)}, which is shortest-round-trip since JDK 19.
 */
public final class GoFloat {
  private GoFloat() {}

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}: no exponent, e.g. {@code 1e21} → {@code 1000000000000000000000}. */
  public static String formatF(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
    }
    Digits d = digits(v);
    StringBuilder b = new StringBuilder(d.digits.length() + 8);
    if (v < 0) {
      b.append('-');
    }
    appendF(b, d);
    return b.toString();
  }

  /** {@code strconv.FormatFloat(v, 'e', -1, 64)}, e.g. {@code 1.5e-07}. */
  public static String formatE(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    StringBuilder b = new StringBuilder(24);
    if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) {
      b.append('-');
    }
    if (v == 0) {
      return b.append("0e+00").toString();
    }
    appendE(b, digits(v));
    return b.toString();
  }

  /** Go's {@code %g} / {@code %v} for a float64: exponent form when the decimal exponent is below -4 or at least 6, e.g. {@code 1e+06}. */
  public static String formatG(double v) {
    String special = special(v);
    if (special != null) {
      return special;
    }
    StringBuilder b = new StringBuilder(24);
    if (v < 0 || (v == 0 && Double.doubleToRawLongBits(v) < 0)) {
      b.append('-');
    }
    if (v == 0) {
      return b.append('0').toString();
    }
    Digits d = digits(v);
    int exp = d.dp - 1;
    // Go uses precision 6 for the %e/%f decision when printing the shortest representation.
    if (exp < -4 || exp >= 6) {
      appendE(b, d);
    } else {
      appendF(b, d);
    }
    return b.toString();
  }

  /**
   * How the Prometheus HTTP API and {@code promtool} print sample values: {@code 'e'} when
   * {@code f != 0 && (|f| < 1e-6 || |f| >= 1e21)}, else {@code 'f'}; {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public static String formatSample(double v) {
    double a = Math.abs(v);
    if (v != 0 && (a < 1e-6 || a >= 1e21) && !Double.isNaN(v) && !Double.isInfinite(v)) {
      return formatE(v);
    }
    return formatF(v);
  }

  private static String special(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (v == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return null;
  }

  /** Shortest decimal digits (no leading/trailing zeros) with value {@code 0.digits × 10^dp}. */
  private record Digits(String digits, int dp) {}

  /**
   * Reads the digits and the decimal point out of {@link Double#toString(double)} ({@code 123.45},
   * {@code 1.0E10}, {@code 1.234E-5}); a hot path of the HTTP API, which prints every sample value.
   */
  private static Digits digits(double v) {
    String s = Double.toString(Math.abs(v));
    int e = s.indexOf('E');
    int end = e < 0 ? s.length() : e;
    int exp = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
    int dot = s.indexOf('.');
    char[] out = new char[end];
    int n = 0;
    int dp = dot + exp;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        continue;
      }
      if (n == 0 && c == '0') {
        dp--; // a leading zero moves the point left
        continue;
      }
      out[n++] = c;
    }
    while (n > 0 && out[n - 1] == '0') {
      n--;
    }
    return new Digits(new String(out, 0, n), dp);
  }

  private static void appendF(StringBuilder b, Digits d) {
    String ds = d.digits;
    int nd = ds.length();
    if (d.dp <= 0) {
      b.append("0.");
      for (int i = d.dp; i < 0; i++) {
        b.append('0');
      }
      b.append(ds);
    } else if (d.dp >= nd) {
      b.append(ds);
      for (int i = nd; i < d.dp; i++) {
        b.append('0');
      }
    } else {
      b.append(ds, 0, d.dp).append('.').append(ds, d.dp, nd);
    }
  }

  private static void appendE(StringBuilder b, Digits d) {
    String ds = d.digits;
    b.append(ds.charAt(0));
    if (ds.length() > 1) {
      b.append('.').append(ds, 1, ds.length());
    }
    int exp = d.dp - 1;
    b.append('e').append(exp < 0 ? '-' : '+');
    int a = Math.abs(exp);
    if (a < 10) {
      b.append('0');
    }
    b.append(a);
  }
}
