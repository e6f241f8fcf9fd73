package io.strata.promql.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Implementations of the element-wise functions of instant vectors. */
final class InstantFunctions {
  private InstantFunctions() {}

  // === sgn(v instant-vector): -1, 1, or the value itself for 0 and NaN ===

  static double sgn(double v, double[] args) {
    if (v < 0) {
      return -1;
    }
    if (v > 0) {
      return 1;
    }
    return v;
  }

  // === rad(v instant-vector), deg(v instant-vector) ===

  static double rad(double v, double[] args) {
    return v * Math.PI / 180;
  }

  static double deg(double v, double[] args) {
    return v * 180 / Math.PI;
  }

  // === clamp(v instant-vector, min scalar, max scalar) and clamp_min / clamp_max ===
  // (clamp with min > max yields no samples; the engine filters that case before calling.)

  static double clamp(double v, double[] args) {
    return Math.max(args[0], Math.min(args[1], v));
  }

  static double clampMin(double v, double[] args) {
    return Math.max(args[0], Math.min(Double.POSITIVE_INFINITY, v));
  }

  static double clampMax(double v, double[] args) {
    return Math.max(Double.NEGATIVE_INFINITY, Math.min(args[0], v));
  }

  // === round(v instant-vector, to_nearest=1 scalar): ties round up ===

  static double round(double v, double[] args) {
    double toNearest = args.length > 0 ? args[0] : 1;
    // Multiplying by the inverse loses less precision than dividing, as in Prometheus.
    double inverse = 1.0 / toNearest;
    return Math.floor(v * inverse + 0.5) / inverse;
  }

  // === date functions: days_in_month, day_of_month, day_of_week, day_of_year, hour, minute, month, year ===
  // The value is seconds since the epoch, truncated towards zero, in UTC.

  private static LocalDateTime utc(double seconds) {
    long s = goFloatToInt64(seconds);
    return LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC);
  }

  /** Go's float64 to int64 conversion on amd64: out-of-range and NaN values become MinInt64. */
  static long goFloatToInt64(double v) {
    if (Double.isNaN(v) || v >= 9.223372036854775807e18 || v < -9.223372036854775808e18) {
      return Long.MIN_VALUE;
    }
    return (long) v;
  }

  static double daysInMonth(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.toLocalDate().lengthOfMonth();
  }

  static double dayOfMonth(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getDayOfMonth();
  }

  static double dayOfWeek(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getDayOfWeek().getValue() % 7;
  }

  static double dayOfYear(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getDayOfYear();
  }

  static double hour(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getHour();
  }

  static double minute(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getMinute();
  }

  static double month(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getMonthValue();
  }

  static double year(double v, double[] args) {
    LocalDateTime t = safeUtc(v);
    return t == null ? Double.NaN : t.getYear();
  }

  /** Dates Java cannot represent (beyond year ±999999999) have no defined answer; NaN. */
  private static LocalDateTime safeUtc(double v) {
    long s = goFloatToInt64(v);
    if (s < Instant.MIN.getEpochSecond() || s > Instant.MAX.getEpochSecond()) {
      return null;
    }
    return utc(v);
  }
}
