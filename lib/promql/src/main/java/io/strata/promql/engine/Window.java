package io.strata.promql.engine;

import java.util.Arrays;

/**
 * The samples of one series inside a range selector's window {@code (ref - range, ref]}, slid forward step
 * by step without copying: {@code ts[from..to)} and {@code vs[from..to)} hold the points in time order.
 * Range functions read the arrays directly.
 */
final class Window {
  long[] ts = new long[32];
  double[] vs = new double[32];
  int from;
  int to;

  int size() {
    return to - from;
  }

  boolean isEmpty() {
    return to == from;
  }

  void clear() {
    from = 0;
    to = 0;
  }

  long firstT() {
    return ts[from];
  }

  long lastT() {
    return ts[to - 1];
  }

  double first() {
    return vs[from];
  }

  double last() {
    return vs[to - 1];
  }

  /** Drops points at or before {@code mint}; returns how many were dropped. */
  int dropUpTo(long mint) {
    int n = 0;
    while (from < to && ts[from] <= mint) {
      from++;
      n++;
    }
    if (from == to) {
      from = 0;
      to = 0;
    }
    return n;
  }

  void add(long t, double v) {
    if (to == ts.length) {
      if (from > ts.length / 2) {
        System.arraycopy(ts, from, ts, 0, to - from);
        System.arraycopy(vs, from, vs, 0, to - from);
        to -= from;
        from = 0;
      } else {
        ts = Arrays.copyOf(ts, ts.length * 2);
        vs = Arrays.copyOf(vs, vs.length * 2);
      }
    }
    ts[to] = t;
    vs[to] = v;
    to++;
  }
}
