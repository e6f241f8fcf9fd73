package io.strata.promql.engine;

import io.strata.model.GoFloat;
import io.strata.promql.PromQLException;
import java.util.Arrays;

/**
 * Implementations of the functions over range vectors, for float samples. Each reads the window's arrays
 * directly and writes {@link RangeCall#result}.
 */
final class RangeFunctions {
  private RangeFunctions() {}

  private static boolean result(RangeCall c, double v) {
    c.result = v;
    return true;
  }

  // === rate(v range-vector), increase(v range-vector), delta(v range-vector) ===

  static boolean rate(Window w, RangeCall c) {
    return extrapolatedRate(w, c, true, true);
  }

  static boolean increase(Window w, RangeCall c) {
    return extrapolatedRate(w, c, true, false);
  }

  static boolean delta(Window w, RangeCall c) {
    return extrapolatedRate(w, c, false, false);
  }

  /**
   * The increase over the window, corrected for counter resets and extrapolated towards the window edges,
   * as Prometheus' {@code promql/functions.go extrapolatedRate}: extrapolate to an edge only when the first or
   * last sample is within 110% of the average sample interval from it (else by half an interval), and never
   * below zero for counters.
   *
   * <p>Worked example: samples 10, 20, 0, 10 at 0s, 15s, 30s, 45s in a 60s window ending at 60s. The reset at
   * 30s adds the value before it: 10 - 10 + 20 = 20 over 45s; the end is 15s away (below 1.1 × 15s), so it
   * extrapolates fully; the start is 0s away; the increase is 20 × 60/45 = 26.67.
   */
  private static boolean extrapolatedRate(Window w, RangeCall c, boolean isCounter, boolean isRate) {
    if (c.anchored || c.smoothed) {
      return ExtendedRanges.rate(w, c, isCounter, isRate);
    }
    int n = w.size();
    if (n < 2) {
      return false;
    }
    long[] ts = w.ts;
    double[] vs = w.vs;
    int from = w.from;
    int last = w.to - 1;
    double first = vs[from];
    double result = vs[last] - first;
    if (isCounter) {
      double prev = first;
      for (int i = from + 1; i <= last; i++) {
        double cur = vs[i];
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    double durationToStart = (ts[from] - c.rangeStart) / 1000.0;
    double durationToEnd = (c.rangeEnd - ts[last]) / 1000.0;
    double sampledInterval = (ts[last] - ts[from]) / 1000.0;
    double averageDurationBetweenSamples = sampledInterval / (n - 1);
    double extrapolationThreshold = averageDurationBetweenSamples * 1.1;
    if (durationToStart >= extrapolationThreshold) {
      durationToStart = averageDurationBetweenSamples / 2;
    }
    if (isCounter) {
      double durationToZero = durationToStart;
      if (result > 0 && first >= 0) {
        durationToZero = sampledInterval * (first / result);
      }
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= extrapolationThreshold) {
      durationToEnd = averageDurationBetweenSamples / 2;
    }
    double factor = 1.0;
    if (sampledInterval != 0) {
      factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    }
    if (isRate) {
      factor /= seconds(c.rangeMillis);
    }
    return result(c, result * factor);
  }

  /** Go's {@code time.Duration.Seconds()} for a whole number of milliseconds. */
  static double seconds(long millis) {
    return (double) (millis / 1000) + (double) ((millis % 1000) * 1_000_000L) / 1e9;
  }

  // === irate(v range-vector), idelta(v range-vector) ===

  static boolean irate(Window w, RangeCall c) {
    return instantValue(w, c, true);
  }

  static boolean idelta(Window w, RangeCall c) {
    return instantValue(w, c, false);
  }

  /** The last two samples' difference (per second for irate, where a decrease means a counter reset). */
  private static boolean instantValue(Window w, RangeCall c, boolean isRate) {
    if (w.size() < 2) {
      return false;
    }
    int last = w.to - 1;
    double prev = w.vs[last - 1];
    double cur = w.vs[last];
    long interval = w.ts[last] - w.ts[last - 1];
    if (interval == 0) {
      return false;
    }
    double r = cur;
    if (!isRate || !(cur < prev)) {
      r = cur - prev;
    }
    if (isRate) {
      r /= interval / 1000.0;
    }
    return result(c, r);
  }

  // === avg_over_time(v range-vector) ===

  /** Direct mean with Kahan summation, switching to an incremental mean if the sum would overflow. */
  static boolean avgOverTime(Window w, RangeCall c) {
    double[] vs = w.vs;
    Kahan k = new Kahan(vs[w.from]);
    double count = 1;
    double mean = 0;
    double meanC = 0;
    boolean incremental = false;
    for (int i = w.from + 1; i < w.to; i++) {
      double f = vs[i];
      count = i - w.from + 1;
      if (!incremental) {
        double sum = k.sum;
        double comp = k.c;
        k.add(f);
        if (!Double.isInfinite(k.sum)) {
          continue;
        }
        k.sum = sum;
        k.c = comp;
        incremental = true;
        mean = sum / (count - 1);
        meanC = comp / (count - 1);
      }
      double q = (count - 1) / count;
      Kahan m = new Kahan(q * mean);
      m.c = q * meanC;
      m.add(f / count);
      mean = m.sum;
      meanC = m.c;
    }
    if (incremental) {
      return result(c, mean + meanC);
    }
    return result(c, k.sum / count + k.c / count);
  }

  // === sum_over_time(v range-vector) ===

  static boolean sumOverTime(Window w, RangeCall c) {
    Kahan k = new Kahan();
    for (int i = w.from; i < w.to; i++) {
      k.add(w.vs[i]);
    }
    return result(c, Double.isInfinite(k.sum) ? k.sum : k.sum + k.c);
  }

  // === count_over_time(v range-vector) ===

  static boolean countOverTime(Window w, RangeCall c) {
    return result(c, w.size());
  }

  // === min_over_time(v range-vector), max_over_time(v range-vector) ===

  static boolean minOverTime(Window w, RangeCall c) {
    double m = w.vs[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.vs[i];
      if (f < m || Double.isNaN(m)) {
        m = f;
      }
    }
    return result(c, m);
  }

  static boolean maxOverTime(Window w, RangeCall c) {
    double m = w.vs[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.vs[i];
      if (f > m || Double.isNaN(m)) {
        m = f;
      }
    }
    return result(c, m);
  }

  // === ts_of_min_over_time, ts_of_max_over_time (experimental): when the extreme value was seen ===

  static boolean tsOfMinOverTime(Window w, RangeCall c) {
    double m = w.vs[w.from];
    long t = w.ts[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.vs[i];
      if (f <= m || Double.isNaN(m)) {
        m = f;
        t = w.ts[i];
      }
    }
    return result(c, t / 1000.0);
  }

  static boolean tsOfMaxOverTime(Window w, RangeCall c) {
    double m = w.vs[w.from];
    long t = w.ts[w.from];
    for (int i = w.from; i < w.to; i++) {
      double f = w.vs[i];
      if (f >= m || Double.isNaN(m)) {
        m = f;
        t = w.ts[i];
      }
    }
    return result(c, t / 1000.0);
  }

  // === ts_of_first_over_time, ts_of_last_over_time (experimental) ===

  static boolean tsOfFirstOverTime(Window w, RangeCall c) {
    return result(c, w.firstT() / 1000.0);
  }

  static boolean tsOfLastOverTime(Window w, RangeCall c) {
    return result(c, w.lastT() / 1000.0);
  }

  // === stddev_over_time(v range-vector), stdvar_over_time(v range-vector) ===

  static boolean stddevOverTime(Window w, RangeCall c) {
    return result(c, Math.sqrt(variance(w)));
  }

  static boolean stdvarOverTime(Window w, RangeCall c) {
    return result(c, variance(w));
  }

  /** Welford's online variance with Kahan-compensated mean and sum of squares. */
  private static double variance(Window w) {
    double count = 0;
    Kahan mean = new Kahan();
    Kahan aux = new Kahan();
    for (int i = w.from; i < w.to; i++) {
      double f = w.vs[i];
      count++;
      double delta = f - (mean.sum + mean.c);
      mean.add(delta / count);
      aux.add(delta * (f - (mean.sum + mean.c)));
    }
    return (aux.sum + aux.c) / count;
  }

  // === quantile_over_time(scalar, v range-vector) ===

  static boolean quantileOverTime(Window w, RangeCall c) {
    double q = c.args[0];
    if (Double.isNaN(q) || q < 0 || q > 1) {
      c.context.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(q), c.paramPosition);
    }
    double[] values = Arrays.copyOfRange(w.vs, w.from, w.to);
    return result(c, Quantiles.quantile(q, values, values.length));
  }

  // === mad_over_time(v range-vector) (experimental): median absolute deviation ===

  static boolean madOverTime(Window w, RangeCall c) {
    double[] values = Arrays.copyOfRange(w.vs, w.from, w.to);
    for (double v : values) {
      if (Double.isNaN(v)) {
        return result(c, Double.NaN);
      }
    }
    double median = Quantiles.quantile(0.5, values, values.length);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.abs(values[i] - median);
    }
    return result(c, Quantiles.quantile(0.5, values, values.length));
  }

  // === last_over_time(v range-vector), first_over_time(v range-vector) ===

  static boolean lastOverTime(Window w, RangeCall c) {
    return result(c, w.last());
  }

  static boolean firstOverTime(Window w, RangeCall c) {
    return result(c, w.first());
  }

  // === present_over_time(v range-vector) ===

  static boolean presentOverTime(Window w, RangeCall c) {
    return result(c, 1);
  }

  // === changes(v range-vector) ===

  static boolean changes(Window w, RangeCall c) {
    int first = c.anchored ? ExtendedRanges.anchoredFirst(w, c) : w.from;
    if (first < 0) {
      return false;
    }
    int changes = 0;
    double prev = w.vs[first];
    for (int i = first + 1; i < w.to; i++) {
      double cur = w.vs[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return result(c, changes);
  }

  // === resets(v range-vector) ===

  static boolean resets(Window w, RangeCall c) {
    int first = c.anchored ? ExtendedRanges.anchoredFirst(w, c) : w.from;
    if (first < 0) {
      return false;
    }
    int resets = 0;
    double prev = w.vs[first];
    for (int i = first + 1; i < w.to; i++) {
      double cur = w.vs[i];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return result(c, resets);
  }

  // === deriv(v range-vector) ===

  static boolean deriv(Window w, RangeCall c) {
    if (w.size() < 2) {
      return false;
    }
    // Intercept near the samples to avoid floating point accuracy issues, as Prometheus does.
    return result(c, linearRegression(w, w.firstT())[0]);
  }

  // === predict_linear(v range-vector, t scalar) ===

  static boolean predictLinear(Window w, RangeCall c) {
    if (w.size() < 2) {
      return false;
    }
    double[] si = linearRegression(w, c.stepTime);
    return result(c, si[0] * c.args[0] + si[1]);
  }

  /**
   * Least-squares slope and intercept at {@code interceptTime}, with Kahan-compensated sums, as Prometheus'
   * {@code linearRegression}; a constant series has slope 0 (NaN if the constant is infinite).
   */
  static double[] linearRegression(Window w, long interceptTime) {
    double n = 0;
    Kahan sumX = new Kahan();
    Kahan sumY = new Kahan();
    Kahan sumXY = new Kahan();
    Kahan sumX2 = new Kahan();
    double initY = w.vs[w.from];
    boolean constY = true;
    for (int i = w.from; i < w.to; i++) {
      double y = w.vs[i];
      if (constY && i > w.from && y != initY) {
        constY = false;
      }
      n += 1.0;
      double x = (w.ts[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(y);
      sumXY.add(x * y);
      sumX2.add(x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sx = sumX.sum + sumX.c;
    double sy = sumY.sum + sumY.c;
    double sxy = sumXY.sum + sumXY.c;
    double sx2 = sumX2.sum + sumX2.c;
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  // === double_exponential_smoothing(v range-vector, sf scalar, tf scalar) (experimental) ===

  static boolean doubleExponentialSmoothing(Window w, RangeCall c) {
    double sf = c.args[0];
    double tf = c.args[1];
    if (sf <= 0 || sf >= 1) {
      throw PromQLException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: " + percentF(sf));
    }
    if (tf <= 0 || tf >= 1) {
      throw PromQLException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + percentF(tf));
    }
    int l = w.size();
    if (l < 2) {
      return false;
    }
    double s0 = 0;
    double s1 = w.vs[w.from];
    double b = w.vs[w.from + 1] - w.vs[w.from];
    for (int i = 1; i < l; i++) {
      double x = sf * w.vs[w.from + i];
      if (i - 1 != 0) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return result(c, s1);
  }

  private static String percentF(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return GoFloat.formatF(v);
    }
    return new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }
}
