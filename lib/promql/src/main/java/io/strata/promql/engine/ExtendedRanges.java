package io.strata.promql.engine;

/**
 * The experimental {@code anchored} and {@code smoothed} range selectors, as Prometheus' extended range
 * functions. Their windows reach one lookback delta before the range (and, smoothed, after it) so that the
 * value at each range boundary is known: anchored takes the last sample at or before the boundary, smoothed
 * interpolates linearly between the samples around it. {@code rate}, {@code increase} and {@code delta}
 * then take the difference of the two boundary values, adding counter resets in between.
 */
final class ExtendedRanges {
  private ExtendedRanges() {}

  /** First index in {@code [from, to)} whose timestamp is {@code > t} (or {@code >= t}), else {@code to}. */
  private static int search(long[] ts, int from, int to, long t, boolean inclusive) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (inclusive ? ts[mid] >= t : ts[mid] > t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static double interpolate(long t1, double y1, long t2, double y2, long t, boolean isCounter) {
    if (isCounter && y2 < y1) {
      y1 = 0; // The counter reset between the two samples: it restarted from zero.
    }
    return y1 + (y2 - y1) * (double) (t - t1) / (double) (t2 - t1);
  }

  /** Extended {@code rate}/{@code increase}/{@code delta} over the window (Prometheus' {@code extendedRate}). */
  static boolean rate(Window w, RangeCall c, boolean isCounter, boolean isRate) {
    long[] ts = w.ts;
    double[] vs = w.vs;
    int base = w.from;
    int lastIndex = w.to - 1;
    long rangeStart = c.rangeStart;
    long rangeEnd = c.rangeEnd;
    boolean smoothed = c.smoothed;
    int first = Math.max(base, search(ts, base, lastIndex, rangeStart, false) - 1);
    if (smoothed) {
      lastIndex = search(ts, base, lastIndex, rangeEnd, true);
    }
    if (ts[lastIndex] <= rangeStart) {
      return false;
    }
    if (smoothed && ts[first] > rangeEnd) {
      return false;
    }
    double left = smoothed && ts[first] < rangeStart
        ? interpolate(ts[first], vs[first], ts[first + 1], vs[first + 1], rangeStart, isCounter) : vs[first];
    double right = smoothed && lastIndex > base && ts[lastIndex] > rangeEnd
        ? interpolate(ts[lastIndex - 1], vs[lastIndex - 1], ts[lastIndex], vs[lastIndex], rangeEnd, isCounter)
        : vs[lastIndex];
    double result = right - left;
    if (isCounter) {
      // Resets at the boundaries are already part of the boundary values; add those strictly inside.
      int from = ts[first] <= rangeStart ? first + 1 : first;
      int to = ts[lastIndex] >= rangeEnd ? lastIndex - 1 : lastIndex;
      double correction = 0;
      double prev = left;
      for (int i = from; i <= to; i++) {
        if (vs[i] < prev) {
          correction += prev;
        }
        prev = vs[i];
      }
      if (right < prev) {
        correction += prev;
      }
      result += correction;
    }
    if (isRate) {
      result /= RangeFunctions.seconds(c.rangeMillis);
    }
    c.result = result;
    return true;
  }

  /**
   * For anchored {@code resets}/{@code changes}: the index of the last sample at or before the range start
   * (the baseline), or the first sample; -1 when no sample lies inside the range.
   */
  static int anchoredFirst(Window w, RangeCall c) {
    int afterStart = search(w.ts, w.from, w.to, c.rangeStart, false);
    if (afterStart >= w.to) {
      return -1;
    }
    return afterStart > w.from ? afterStart - 1 : w.from;
  }

  /**
   * The points an anchored or smoothed matrix selector returns for an instant query: a point at each
   * boundary (picked or interpolated) and the samples strictly inside (Prometheus' {@code extendFloats}).
   */
  static Points extendPoints(long[] ts, double[] vs, long mint, long maxt, boolean smoothed) {
    int n = ts.length;
    if (n == 0) {
      return Points.EMPTY;
    }
    int last = n - 1;
    int first = Math.max(0, search(ts, 0, last, mint, false) - 1);
    if (smoothed) {
      last = search(ts, 0, last, maxt, true);
    }
    if (ts[last] <= mint) {
      return Points.EMPTY;
    }
    double left = smoothed && ts[first] < mint
        ? interpolate(ts[first], vs[first], ts[first + 1], vs[first + 1], mint, false) : vs[first];
    double right = smoothed && last > 0 && ts[last] > maxt
        ? interpolate(ts[last - 1], vs[last - 1], ts[last], vs[last], maxt, false) : vs[last];
    if (ts[first] <= mint) {
      first++;
    }
    if (ts[last] >= maxt) {
      last--;
    }
    int count = Math.max(last - first + 1, 0);
    long[] outT = new long[count + 2];
    double[] outV = new double[count + 2];
    outT[0] = mint;
    outV[0] = left;
    if (count > 0) {
      System.arraycopy(ts, first, outT, 1, count);
      System.arraycopy(vs, first, outV, 1, count);
    }
    outT[count + 1] = maxt;
    outV[count + 1] = right;
    return new Points(outT, outV);
  }

  /** Points of a range vector. */
  record Points(long[] ts, double[] vs) {
    static final Points EMPTY = new Points(new long[0], new double[0]);
  }

  /** The smoothed value of an instant selector at {@code t}: exact, interpolated, or carried forward. */
  static boolean smoothedValue(Window w, long t, double[] out) {
    if (w.isEmpty()) {
      return false;
    }
    int i = search(w.ts, w.from, w.to, t, true);
    if (i < w.to && w.ts[i] == t) {
      out[0] = w.vs[i];
      return true;
    }
    if (i > w.from && i < w.to) {
      out[0] = interpolate(w.ts[i - 1], w.vs[i - 1], w.ts[i], w.vs[i], t, false);
      return true;
    }
    if (i > w.from) {
      out[0] = w.vs[i - 1];
      return true;
    }
    return false;
  }
}
