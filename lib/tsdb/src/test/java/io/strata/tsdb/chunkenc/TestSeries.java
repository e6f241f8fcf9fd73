package io.strata.tsdb.chunkenc;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded sample series for the chunk tests; values are kept as raw bits so comparisons are exact. */
record TestSeries(long[] t, long[] v) {
  static final long STALE_NAN = 0x7FF0000000000002L;
  static final long PROMETHEUS_NAN = 0x7FF8000000000001L;

  int size() {
    return t.length;
  }

  byte[] encode() {
    XorChunkEncoder e = new XorChunkEncoder();
    for (int i = 0; i < t.length; i++) {
      e.appendBits(t[i], v[i]);
    }
    return e.bytes();
  }

  static TestSeries decode(byte[] data, int offset, int length) {
    XorChunkIterator it = new XorChunkIterator().reset(data, offset, length);
    int n = it.numSamples();
    long[] ts = new long[n];
    long[] vs = new long[n];
    int i = 0;
    while (it.next() == ValueType.FLOAT) {
      ts[i] = it.atT();
      vs[i] = it.atValueBits();
      i++;
    }
    return new TestSeries(Arrays.copyOf(ts, i), Arrays.copyOf(vs, i));
  }

  /**
   * A random series of {@code n} samples. The mix of timestamp and value shapes is drawn per series so that
   * runs of equal deltas and values alternate with jumps in every delta-of-delta bucket and special floats.
   */
  static TestSeries random(SplittableRandom r, int n) {
    long[] ts = new long[n];
    long[] vs = new long[n];
    long t = r.nextLong(-2_000_000_000_000L, 4_000_000_000_000L);
    long step = r.nextInt(1, 120_000);
    double v = r.nextDouble(-1e6, 1e6);
    int valueShape = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(12)) {
        case 0 -> t += r.nextLong(-1L << 40, 1L << 40);
        case 1 -> t += step + r.nextInt(-600_000, 600_000);
        case 2 -> t += step + r.nextInt(-70_000, 70_000);
        case 3, 4 -> t += step + r.nextInt(-9_000, 9_000);
        case 5, 6 -> t += step + r.nextInt(-3, 4);
        default -> t += step;
      }
      ts[i] = t;
      long bits =
          switch (valueShape) {
            case 0 -> Double.doubleToRawLongBits(v += r.nextInt(0, 100));
            case 1 -> Double.doubleToRawLongBits(v += r.nextGaussian());
            case 2 -> r.nextLong();
            case 3 -> special(r, v);
            default -> r.nextInt(4) == 0 ? r.nextLong() : Double.doubleToRawLongBits(v);
          };
      vs[i] = bits;
    }
    return new TestSeries(ts, vs);
  }

  private static long special(SplittableRandom r, double v) {
    return switch (r.nextInt(9)) {
      case 0 -> STALE_NAN;
      case 1 -> PROMETHEUS_NAN;
      case 2 -> Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
      case 3 -> Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
      case 4 -> Double.doubleToRawLongBits(-0.0);
      case 5 -> Double.doubleToRawLongBits(0.0);
      case 6 -> Double.doubleToRawLongBits(Double.MIN_VALUE);
      case 7 -> Double.doubleToRawLongBits(-Double.MAX_VALUE);
      default -> Double.doubleToRawLongBits(v);
    };
  }
}
