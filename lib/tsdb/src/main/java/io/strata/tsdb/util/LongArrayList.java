package io.strata.tsdb.util;

import java.util.Arrays;

/** A growable {@code long[]}. */
public final class LongArrayList {
  private long[] a;
  private int n;

  public LongArrayList() {
    this(16);
  }

  public LongArrayList(int capacity) {
    a = new long[Math.max(1, capacity)];
  }

  public void add(long v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
    }
    a[n++] = v;
  }

  public long get(int i) {
    if (i >= n) {
      throw new IndexOutOfBoundsException(i + " >= " + n);
    }
    return a[i];
  }

  public void set(int i, long v) {
    if (i >= n) {
      throw new IndexOutOfBoundsException(i + " >= " + n);
    }
    a[i] = v;
  }

  public int size() {
    return n;
  }

  public boolean isEmpty() {
    return n == 0;
  }

  public void clear() {
    n = 0;
  }

  public void sort() {
    Arrays.sort(a, 0, n);
  }

  /** The backing array; valid up to {@link #size()}. */
  public long[] array() {
    return a;
  }

  public long[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
