package io.strata.promql.storage;

import io.strata.model.Labels;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * Float series held in memory, sorted by label set; a {@link Queryable} for tests and benchmarks.
 *
 * <p>Appends must not run concurrently with queries. Samples of a series are kept in time order; appending a
 * sample at an existing timestamp replaces it.
 */
public final class InMemoryStorage implements Queryable {
  private final TreeMap<Labels, Data> series = new TreeMap<>();

  /** Adds one sample. */
  public void append(Labels labels, long t, double v) {
    series.computeIfAbsent(labels, l -> new Data()).add(t, v);
  }

  /** Replaces all samples of a series. */
  public void put(Labels labels, long[] timestamps, double[] values) {
    Data d = new Data();
    for (int i = 0; i < timestamps.length; i++) {
      d.add(timestamps[i], values[i]);
    }
    series.put(labels, d);
  }

  public void clear() {
    series.clear();
  }

  public int numSeries() {
    return series.size();
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new MapQuerier<>(series, (d, reuse) -> reuse instanceof ArraySampleIterator a
        ? a.reset(d.ts, d.vs, d.size) : new ArraySampleIterator(d.ts, d.vs, d.size));
  }

  private static final class Data {
    long[] ts = new long[8];
    double[] vs = new double[8];
    int size;

    void add(long t, double v) {
      if (size > 0 && t <= ts[size - 1]) {
        int idx = Arrays.binarySearch(ts, 0, size, t);
        if (idx >= 0) {
          vs[idx] = v;
          return;
        }
        int at = -idx - 1;
        grow();
        System.arraycopy(ts, at, ts, at + 1, size - at);
        System.arraycopy(vs, at, vs, at + 1, size - at);
        ts[at] = t;
        vs[at] = v;
        size++;
        return;
      }
      grow();
      ts[size] = t;
      vs[size] = v;
      size++;
    }

    private void grow() {
      if (size == ts.length) {
        ts = Arrays.copyOf(ts, size * 2);
        vs = Arrays.copyOf(vs, size * 2);
      }
    }
  }
}
