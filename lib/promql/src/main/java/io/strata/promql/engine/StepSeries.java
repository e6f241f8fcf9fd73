package io.strata.promql.engine;

import io.strata.model.Labels;
import java.util.Arrays;

/**
 * One series during evaluation: a value per step of a {@link Steps} grid and a bit per step telling whether
 * the value exists. {@code dropName} marks a series whose {@code __name__} is to be removed at the end of
 * evaluation (delayed name removal).
 *
 * <p>Operators may hand out the same instance again after the consumer asked for the next series; a consumer
 * that keeps a series must {@link #copy()} it.
 */
final class StepSeries {
  Labels labels;
  final double[] values;
  final long[] present;
  boolean dropName;

  StepSeries(Labels labels, int steps) {
    this.labels = labels;
    this.values = new double[steps];
    this.present = new long[(steps + 63) >>> 6];
  }

  int steps() {
    return values.length;
  }

  boolean has(int step) {
    return (present[step >>> 6] & (1L << step)) != 0;
  }

  void set(int step, double v) {
    values[step] = v;
    present[step >>> 6] |= 1L << step;
  }

  void clear(int step) {
    present[step >>> 6] &= ~(1L << step);
  }

  /** Forgets all values so that the buffer can be reused for another series. */
  void reset(Labels l) {
    labels = l;
    dropName = false;
    Arrays.fill(present, 0L);
  }

  boolean isEmpty() {
    for (long w : present) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  int count() {
    int n = 0;
    for (long w : present) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /** The first present step, or -1. */
  int firstStep() {
    for (int i = 0; i < present.length; i++) {
      if (present[i] != 0) {
        return (i << 6) + Long.numberOfTrailingZeros(present[i]);
      }
    }
    return -1;
  }

  /** The next present step at or after {@code from}, or -1. */
  int nextStep(int from) {
    if (from >= values.length) {
      return -1;
    }
    int w = from >>> 6;
    long word = present[w] & (-1L << from);
    while (true) {
      if (word != 0) {
        return (w << 6) + Long.numberOfTrailingZeros(word);
      }
      if (++w == present.length) {
        return -1;
      }
      word = present[w];
    }
  }

  boolean overlaps(StepSeries other) {
    for (int i = 0; i < present.length; i++) {
      if ((present[i] & other.present[i]) != 0) {
        return true;
      }
    }
    return false;
  }

  /** Adds the points of {@code other} (which must not overlap). */
  void mergeFrom(StepSeries other) {
    for (int s = other.nextStep(0); s >= 0; s = other.nextStep(s + 1)) {
      set(s, other.values[s]);
    }
  }

  StepSeries copy() {
    StepSeries c = new StepSeries(labels, values.length);
    System.arraycopy(values, 0, c.values, 0, values.length);
    System.arraycopy(present, 0, c.present, 0, present.length);
    c.dropName = dropName;
    return c;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(String.valueOf(labels)).append(dropName ? " (drop name)" : "").append(':');
    for (int s = nextStep(0); s >= 0; s = nextStep(s + 1)) {
      b.append(' ').append(s).append('=').append(values[s]);
    }
    return b.toString();
  }
}
