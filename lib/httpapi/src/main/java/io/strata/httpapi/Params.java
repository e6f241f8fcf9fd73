package io.strata.httpapi;

import io.strata.model.GoQuote;
import io.strata.model.LabelMatcher;
import io.strata.promql.parser.Parser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parameter parsing exactly as Prometheus's {@code web/api/v1/api.go} does it ({@code parseTime},
 * {@code parseDuration}, {@code parseLimitParam}, {@code parseMatchersParam}) plus Go's
 * {@code strconv.ParseBool} for the Thanos flags. Error texts are Prometheus's, without the
 * {@code invalid parameter "x": } prefix the callers add.
 */
public final class Params {
  /** Prometheus's {@code MinTime} (the default start of metadata queries) in milliseconds. */
  public static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
  /** Prometheus's {@code MaxTime} (the default end of metadata queries) in milliseconds. */
  public static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
  /** {@code MinTime} as Go formats it: the only out-of-4-digit-years time {@code parseTime} accepts. */
  static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
  static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

  // strconv.ParseFloat's decimal syntax (Java's parser also takes "1d", "0x1p3" and surrounding spaces).
  private static final Pattern GO_FLOAT = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
  private static final Pattern GO_SPECIAL = Pattern.compile("[+-]?(?i:inf|infinity|nan)");
  private static final Pattern RFC3339 = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})");
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_NANOS = {365L * 86_400_000_000_000L, 7L * 86_400_000_000_000L,
      86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L};

  private Params() {}

  /**
   * Prometheus's {@code parseTime}: Unix seconds as a float (fraction rounded to milliseconds), RFC 3339, or
   * the two boundary literals. Returns epoch milliseconds.
   *
   * @throws ApiException bad_data {@code cannot parse "<s>" to a valid timestamp}
   */
  public static long time(String s) {
    Double f = goFloat(s);
    if (f != null && !f.isNaN() && !f.isInfinite()) {
      double secs = f < 0 ? Math.ceil(f) : Math.floor(f); // math.Modf
      double frac = f - secs;
      frac = goRound(frac * 1000) / 1000;
      long ns = (long) (frac * 1e9);
      if (Math.abs(secs) < 9.2e15) {
        return (long) secs * 1000 + Math.floorDiv(ns, 1_000_000L);
      }
    }
    Matcher m = RFC3339.matcher(s);
    if (m.matches()) {
      try {
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
            Integer.parseInt(m.group(6)));
        ZoneOffset zone = "Z".equals(m.group(8)) ? ZoneOffset.UTC : ZoneOffset.of(m.group(8));
        long seconds = local.toEpochSecond(zone);
        long millis = 0;
        if (m.group(7) != null) {
          String digits = (m.group(7) + "00").substring(0, 3);
          millis = Long.parseLong(digits);
        }
        return seconds * 1000 + millis;
      } catch (DateTimeException | ArithmeticException e) {
        // fall through to the error
      }
    }
    if (MIN_TIME_FORMATTED.equals(s)) {
      return MIN_TIME;
    }
    if (MAX_TIME_FORMATTED.equals(s)) {
      return MAX_TIME;
    }
    throw ApiException.badData("cannot parse " + GoQuote.quote(s) + " to a valid timestamp");
  }

  /**
   * Prometheus's {@code parseTimeParam}: the default when the parameter is empty, else {@link #time} with the
   * error wrapped as {@code invalid time value for '<name>': ...}.
   */
  public static long timeParam(ApiRequest r, String name, long defaultValue) {
    String v = r.value(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      return time(v);
    } catch (ApiException e) {
      throw ApiException.badData("invalid time value for '" + name + "': " + e.getMessage());
    }
  }

  /**
   * Prometheus's {@code parseDuration}: float seconds, or a Prometheus duration ({@code 1h30m}, {@code 5m},
   * {@code 250ms}; units y w d h m s ms, largest first).
   *
   * @throws ApiException bad_data {@code cannot parse "<s>" to a valid duration}
   */
  public static Duration duration(String s) {
    Double f = goFloat(s);
    if (f != null && !f.isNaN()) {
      double ns = f * 1e9;
      if (ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18) {
        throw ApiException.badData("cannot parse " + GoQuote.quote(s) + " to a valid duration. It overflows int64");
      }
      return Duration.ofNanos((long) ns);
    }
    Long ns = promDurationNanos(s);
    if (ns != null) {
      return Duration.ofNanos(ns);
    }
    throw ApiException.badData("cannot parse " + GoQuote.quote(s) + " to a valid duration");
  }

  /** prometheus/common {@code model.ParseDuration} in nanoseconds; null when invalid or out of range. */
  static Long promDurationNanos(String s) {
    if ("0".equals(s)) {
      return 0L;
    }
    if (s.isEmpty()) {
      return null;
    }
    long total = 0;
    int lastUnit = -1;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        return null;
      }
      long v;
      try {
        v = Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        return null;
      }
      int unitStart = i;
      while (i < s.length() && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      int u = -1;
      for (int k = 0; k < UNITS.length; k++) {
        if (UNITS[k].equals(unit)) {
          u = k;
        }
      }
      if (u <= lastUnit) {
        return null;
      }
      lastUnit = u;
      try {
        total = Math.addExact(total, Math.multiplyExact(v, UNIT_NANOS[u]));
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return total;
  }

  /**
   * Prometheus's {@code parseLimitParam}: empty is 0 (no limit).
   *
   * @throws ApiException bad_data with Go's {@code strconv.Atoi} text or {@code limit must be non-negative}
   */
  public static int limit(String s) {
    if (s.isEmpty()) {
      return 0;
    }
    int v = atoi(s);
    if (v < 0) {
      throw ApiException.badData("limit must be non-negative");
    }
    return v;
  }

  /** Go's {@code strconv.Atoi}, with its error text. */
  static int atoi(String s) {
    if (!s.matches("[+-]?\\d+")) {
      throw ApiException.badData("strconv.Atoi: parsing " + GoQuote.quote(s) + ": invalid syntax");
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw ApiException.badData("strconv.Atoi: parsing " + GoQuote.quote(s) + ": value out of range");
    }
  }

  /** Go's {@code strconv.ParseBool}, error text included. */
  public static boolean bool(String s) {
    return switch (s) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw ApiException.badData("strconv.ParseBool: parsing " + GoQuote.quote(s) + ": invalid syntax");
    };
  }

  /**
   * Prometheus's {@code parseMatchersParam}: each {@code match[]} is a series selector, and each needs a
   * matcher that does not match the empty string.
   *
   * @throws ApiException bad_data with the parse error, or {@code match[] must contain at least one non-empty matcher}
   */
  public static List<List<LabelMatcher>> matcherSets(List<String> selectors) {
    List<List<LabelMatcher>> out = new ArrayList<>(selectors.size());
    for (String s : selectors) {
      List<LabelMatcher> ms;
      try {
        ms = Parser.parseSelector(s);
      } catch (RuntimeException e) {
        throw ApiException.badData(e.getMessage());
      }
      out.add(ms);
    }
    for (List<LabelMatcher> ms : out) {
      boolean nonEmpty = false;
      for (LabelMatcher m : ms) {
        if (!m.matches("")) {
          nonEmpty = true;
          break;
        }
      }
      if (!nonEmpty) {
        throw ApiException.badData("match[] must contain at least one non-empty matcher");
      }
    }
    return out;
  }

  /**
   * prometheus/common {@code UnescapeName} with value-encoding escaping: {@code U__http_2e_status} is
   * {@code http.status} ({@code __} is {@code _}, {@code _<hex>_} a code point). Anything malformed is
   * returned unchanged, as in Go.
   */
  public static String unescapeLabelName(String name) {
    if (!name.startsWith("U__")) {
      return name;
    }
    String s = name.substring(3);
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '_') {
        b.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= s.length()) {
        return name;
      }
      if (s.charAt(i) == '_') {
        b.append('_');
        i++;
        continue;
      }
      int cp = 0;
      int digits = 0;
      while (true) {
        if (i >= s.length() || digits >= 6) {
          return name;
        }
        char h = s.charAt(i);
        if (h == '_') {
          if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return name;
          }
          b.appendCodePoint(cp);
          i++;
          break;
        }
        int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10
            : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
        if (d < 0) {
          return name;
        }
        cp = cp * 16 + d;
        digits++;
        i++;
      }
    }
    return b.toString();
  }

  /** Go's {@code strconv.ParseFloat} for decimal syntax and inf/nan; null when it would fail. */
  static Double goFloat(String s) {
    if (GO_FLOAT.matcher(s).matches()) {
      double d = Double.parseDouble(s);
      return Double.isInfinite(d) ? null : d; // Go reports ErrRange for overflowing literals
    }
    if (GO_SPECIAL.matcher(s).matches()) {
      String l = s.toLowerCase(Locale.ROOT);
      if (l.endsWith("nan")) {
        return Double.NaN;
      }
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return null;
  }

  /** Go's {@code math.Round}: half away from zero. */
  private static double goRound(double v) {
    return v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5);
  }
}
