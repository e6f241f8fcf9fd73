package io.strata.tsdb.util;

import java.util.Arrays;

/** A growable {@code int[]}. */
public final class IntArrayList {
  private int[] a;
  private int n;

  public IntArrayList() {
    this(16);
  }

  public IntArrayList(int capacity) {
    a = new int[Math.max(1, capacity)];
  }

  public void add(int v) {
    if (n == a.length) {
      a = Arrays.copyOf(a, n * 2);
    }
    a[n++] = v;
  }

  public int get(int i) {
    if (i >= n) {
      throw new IndexOutOfBoundsException(i + " >= " + n);
    }
    return a[i];
  }

  public int size() {
    return n;
  }

  public void clear() {
    n = 0;
  }

  /** The backing array; valid up to {@link #size()}. */
  public int[] array() {
    return a;
  }

  public int[] toArray() {
    return Arrays.copyOf(a, n);
  }
}
