package io.strata.tsdb.index;

import java.util.Arrays;

/** Postings over a sorted {@code long[]} in memory. */
public final class ListPostings implements Postings {
  private final long[] refs;
  private final int n;
  private int i = -1;

  public ListPostings(long[] sortedRefs, int n) {
    this.refs = sortedRefs;
    this.n = n;
  }

  @Override
  public boolean next() {
    if (i < n) {
      i++;
    }
    return i < n;
  }

  @Override
  public boolean seek(long v) {
    if (i >= n) {
      return false;
    }
    if (i >= 0 && refs[i] >= v) {
      return true;
    }
    int lo = Math.max(i, 0);
    int step = 1;
    int hi = lo;
    while (hi < n && refs[hi] < v) {
      lo = hi + 1;
      hi = lo + step;
      step <<= 1;
    }
    hi = Math.min(hi, n);
    int k = Arrays.binarySearch(refs, lo, hi, v);
    i = k >= 0 ? k : -k - 1;
    return i < n;
  }

  @Override
  public long at() {
    return refs[i];
  }
}
