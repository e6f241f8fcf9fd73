package io.strata.promql.storage;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;

/** A {@link SampleIterator} over float samples held in two parallel arrays. Reusable via {@link #reset}. */
public final class ArraySampleIterator implements SampleIterator {
  private long[] ts;
  private double[] vs;
  private int size;
  private int i = -1;

  public ArraySampleIterator() {
    this(new long[0], new double[0], 0);
  }

  public ArraySampleIterator(long[] ts, double[] vs, int size) {
    reset(ts, vs, size);
  }

  /** Repositions on new arrays; the first {@code size} elements are read. */
  public ArraySampleIterator reset(long[] timestamps, double[] values, int n) {
    this.ts = timestamps;
    this.vs = values;
    this.size = n;
    this.i = -1;
    return this;
  }

  @Override
  public ValueType next() {
    if (i < size) {
      i++;
    }
    return i < size ? ValueType.FLOAT : ValueType.NONE;
  }

  @Override
  public ValueType seek(long t) {
    if (i < 0) {
      i = 0;
    }
    if (i >= size) {
      return ValueType.NONE;
    }
    if (ts[i] >= t) {
      return ValueType.FLOAT;
    }
    int lo = i + 1;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    return i < size ? ValueType.FLOAT : ValueType.NONE;
  }

  @Override
  public long atT() {
    return ts[i];
  }

  @Override
  public double atValue() {
    return vs[i];
  }
}
