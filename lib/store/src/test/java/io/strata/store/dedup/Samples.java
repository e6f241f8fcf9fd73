package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;

/** Hand-made replicas for dedup tests: {@code of(t1, v1, t2, v2, ...)}, and draining iterators. */
final class Samples {
  private Samples() {}

  record S(long t, double v) {
    @Override
    public String toString() {
      return t + ":" + v;
    }
  }

  static List<S> of(double... tv) {
    List<S> out = new ArrayList<>();
    for (int i = 0; i < tv.length; i += 2) {
      out.add(new S((long) tv[i], tv[i + 1]));
    }
    return out;
  }

  /** Every {@code step} from {@code from} to {@code to} inclusive, value = t / 1000 + offset. */
  static List<S> every(long from, long to, long step, double offset) {
    List<S> out = new ArrayList<>();
    for (long t = from; t <= to; t += step) {
      out.add(new S(t, t / 1000.0 + offset));
    }
    return out;
  }

  static SampleIterator iterator(List<S> samples) {
    return new SampleIterator() {
      private int i = -1;

      @Override
      public ValueType next() {
        if (i < samples.size()) {
          i++;
        }
        return i < samples.size() ? ValueType.FLOAT : ValueType.NONE;
      }

      @Override
      public ValueType seek(long t) {
        if (i < 0) {
          i = 0;
        }
        while (i < samples.size() && samples.get(i).t() < t) {
          i++;
        }
        return i < samples.size() ? ValueType.FLOAT : ValueType.NONE;
      }

      @Override
      public long atT() {
        return samples.get(i).t();
      }

      @Override
      public double atValue() {
        return samples.get(i).v();
      }
    };
  }

  static List<S> drain(SampleIterator it) {
    List<S> out = new ArrayList<>();
    while (it.next() == ValueType.FLOAT) {
      out.add(new S(it.atT(), it.atValue()));
    }
    return out;
  }

  static List<SampleIterator> iterators(List<List<S>> replicas) {
    List<SampleIterator> out = new ArrayList<>();
    for (List<S> r : replicas) {
      out.add(iterator(r));
    }
    return out;
  }
}
