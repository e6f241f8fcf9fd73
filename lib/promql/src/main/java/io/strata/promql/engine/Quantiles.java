package io.strata.promql.engine;

import java.util.Arrays;

/**
 * Quantile estimation: the {@code quantile} aggregation and {@code quantile_over_time} (linear interpolation
 * between the closest ranks), and {@code histogram_quantile}/{@code histogram_fraction} over classic
 * cumulative {@code le} buckets, ported from the algorithms described in Prometheus' {@code promql/quantile.go}.
 */
final class Quantiles {
  /** Relative difference below which neighbouring bucket counts are treated as equal (float noise). */
  private static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private Quantiles() {}

  /**
   * The q-quantile of {@code values[0..n)} (reordered in place): NaN for no values or a NaN q, -Inf/+Inf for
   * q outside [0, 1], else the weighted average of the two closest ranks. NaN values sort first.
   */
  static double quantile(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lowerIndex = Math.max(0, Math.floor(rank));
    double upperIndex = Math.min(n - 1, lowerIndex + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
  }

  /** Ascending order with NaNs first, as Prometheus' value heaps sort. */
  static void sortNaNFirst(double[] values, int n) {
    Arrays.sort(values, 0, n); // NaNs go last here...
    int nans = 0;
    for (int i = n - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0 && nans < n) { // ...so rotate them to the front.
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }

  /** Result of {@link #bucketQuantile}: the estimate and whether monotonicity had to be forced. */
  static final class BucketResult {
    double quantile;
    boolean forcedMonotonic;
    double minBucket;
    double maxBucket;
    double maxDiff;
  }

  /**
   * The q-quantile of a classic histogram given as cumulative buckets {@code upper[i]}, {@code counts[i]}
   * (any order, {@code n} of them; the arrays are reordered): linear interpolation inside the bucket holding
   * the rank, the lowest bucket starting at 0 unless its bound is not positive, the +Inf bucket answering
   * with the next lower bound. Buckets with the same bound are added up, float noise between neighbours is
   * ignored, and decreasing counts are raised to keep the histogram monotonic (reported in {@code out}).
   */
  static void bucketQuantile(double q, double[] upper, double[] counts, int n, BucketResult out) {
    out.forcedMonotonic = false;
    out.minBucket = Double.POSITIVE_INFINITY;
    out.maxBucket = Double.NEGATIVE_INFINITY;
    out.maxDiff = 0;
    if (Double.isNaN(q)) {
      out.quantile = Double.NaN;
      return;
    }
    if (q < 0) {
      out.quantile = Double.NEGATIVE_INFINITY;
      return;
    }
    if (q > 1) {
      out.quantile = Double.POSITIVE_INFINITY;
      return;
    }
    sortByUpper(upper, counts, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      out.quantile = Double.NaN;
      return;
    }
    n = coalesce(upper, counts, n);
    ensureMonotonic(upper, counts, n, out);
    if (n < 2) {
      out.quantile = Double.NaN;
      return;
    }
    double observations = counts[n - 1];
    if (observations == 0) {
      out.quantile = Double.NaN;
      return;
    }
    double rank = q * observations;
    int b = 0;
    int searchN = n - 1;
    // First bucket (among all but the last) whose count reaches the rank.
    int lo = 0;
    int hi = searchN;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (counts[mid] >= rank) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    b = lo;
    if (b == n - 1) {
      out.quantile = upper[n - 2];
      return;
    }
    if (b == 0 && upper[0] <= 0) {
      out.quantile = upper[0];
      return;
    }
    double bucketStart = 0;
    double bucketEnd = upper[b];
    double count = counts[b];
    if (b > 0) {
      bucketStart = upper[b - 1];
      count -= counts[b - 1];
      rank -= counts[b - 1];
    }
    out.quantile = bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /** The fraction of observations between {@code lower} and {@code upperLimit}, interpolating inside buckets. */
  static double bucketFraction(double lower, double upperLimit, double[] upper, double[] counts, int n) {
    sortByUpper(upper, counts, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    n = coalesce(upper, counts, n);
    double count = counts[n - 1];
    if (count == 0 || Double.isNaN(lower) || Double.isNaN(upperLimit)) {
      return Double.NaN;
    }
    if (lower >= upperLimit) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    double lowerBound = upper[0] <= 0 ? Double.NEGATIVE_INFINITY : 0.0;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        lowerBound = upper[i - 1];
      }
      double upperBound = upper[i];
      if (!lowerSet && lowerBound >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lowerBound >= upperLimit) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lowerBound < lower && upperBound > lower) {
        lowerRank = interpolate(lower, lowerBound, upperBound, rank, counts[i]);
        lowerSet = true;
      }
      if (!upperSet && lowerBound < upperLimit && upperBound > upperLimit) {
        upperRank = interpolate(upperLimit, lowerBound, upperBound, rank, counts[i]);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = counts[i];
    }
    if (!lowerSet || lowerRank > count) {
      lowerRank = count;
    }
    if (!upperSet || upperRank > count) {
      upperRank = count;
    }
    return (upperRank - lowerRank) / count;
  }

  private static double interpolate(double v, double lowerBound, double upperBound, double rank, double count) {
    if (lowerBound == Double.NEGATIVE_INFINITY) {
      return count;
    }
    return rank + (count - rank) * (v - lowerBound) / (upperBound - lowerBound);
  }

  private static void sortByUpper(double[] upper, double[] counts, int n) {
    // Insertion sort: bucket counts are small and usually already sorted.
    for (int i = 1; i < n; i++) {
      double u = upper[i];
      double c = counts[i];
      int j = i - 1;
      while (j >= 0 && upper[j] > u) {
        upper[j + 1] = upper[j];
        counts[j + 1] = counts[j];
        j--;
      }
      upper[j + 1] = u;
      counts[j + 1] = c;
    }
  }

  /** Adds up buckets with the same upper bound; returns the new count. */
  private static int coalesce(double[] upper, double[] counts, int n) {
    int i = 0;
    double lastUpper = upper[0];
    double lastCount = counts[0];
    for (int k = 1; k < n; k++) {
      if (upper[k] == lastUpper) {
        lastCount += counts[k];
      } else {
        upper[i] = lastUpper;
        counts[i] = lastCount;
        i++;
        lastUpper = upper[k];
        lastCount = counts[k];
      }
    }
    upper[i] = lastUpper;
    counts[i] = lastCount;
    return i + 1;
  }

  private static void ensureMonotonic(double[] upper, double[] counts, int n, BucketResult out) {
    double prev = counts[0];
    for (int i = 1; i < n; i++) {
      double curr = counts[i];
      if (curr == prev) {
        continue;
      }
      if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
        counts[i] = prev;
        continue;
      }
      if (curr < prev) {
        counts[i] = prev;
        out.forcedMonotonic = true;
        out.minBucket = Math.min(out.minBucket, upper[i]);
        out.maxBucket = Math.max(out.maxBucket, upper[i]);
        out.maxDiff = Math.max(out.maxDiff, prev - curr);
        continue;
      }
      prev = curr;
    }
  }

  /** Prometheus' {@code almost.Equal}: equal, or relative difference below {@code epsilon}. */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
