package io.strata.promql.engine;

/** Prometheus' stale marker: a NaN with a particular bit pattern, written when a series disappears. */
final class Stale {
  static final long STALE_NAN_BITS = 0x7ff0000000000002L;

  private Stale() {}

  static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
  }
}
