package io.strata.store;

import io.strata.model.Labels;
import java.util.Arrays;
import java.util.function.LongToDoubleFunction;

/**
 * A series of a test dataset: stored labels (without external labels) and float samples in time order.
 * Part of the StoreAPI acceptance suite (shipped in the test-jar).
 */
public record TestSeries(Labels labels, long[] timestamps, double[] values) {
  public TestSeries {
    if (timestamps.length != values.length) {
      throw new IllegalArgumentException("timestamps and values differ in length");
    }
  }

  /** {@code n} samples every {@code step} ms from {@code start}, valued by {@code value(t)}. */
  public static TestSeries of(Labels labels, long start, long step, int n, LongToDoubleFunction value) {
    long[] ts = new long[n];
    double[] vs = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + i * step;
      vs[i] = value.applyAsDouble(ts[i]);
    }
    return new TestSeries(labels, ts, vs);
  }

  /** The samples in {@code [from, to)}, as a new series (possibly empty). */
  public TestSeries slice(long from, long to) {
    int lo = 0;
    while (lo < timestamps.length && timestamps[lo] < from) {
      lo++;
    }
    int hi = lo;
    while (hi < timestamps.length && timestamps[hi] < to) {
      hi++;
    }
    return new TestSeries(labels, Arrays.copyOfRange(timestamps, lo, hi), Arrays.copyOfRange(values, lo, hi));
  }

  public boolean isEmpty() {
    return timestamps.length == 0;
  }

  public long minTime() {
    return timestamps[0];
  }

  public long maxTime() {
    return timestamps[timestamps.length - 1];
  }

  @Override
  public String toString() {
    return labels + " (" + timestamps.length + " samples)";
  }
}
