package io.strata.promql.engine;

/**
 * The evaluation timestamps {@code start, start+interval, ... <= end} (milliseconds). An instant query is a
 * grid with one step and interval 1, as in Prometheus.
 */
record Steps(long start, long end, long interval) {

  static Steps instant(long t) {
    return new Steps(t, t, 1);
  }

  int count() {
    return end < start ? 0 : (int) ((end - start) / interval) + 1;
  }

  long time(int step) {
    return start + step * interval;
  }

  /** Whether this grid is a single instant (Prometheus' {@code startTimestamp == endTimestamp}). */
  boolean isInstant() {
    return start == end;
  }

  /** The last step time actually evaluated (end aligned down onto the grid). */
  long alignedEnd() {
    return start + ((end - start) / interval) * interval;
  }
}
