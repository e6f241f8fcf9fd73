package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.List;

/**
 * Merges replicas sample by sample in timestamp order, emitting a timestamp present in several replicas
 * once (the value of the first replica listing it). This is Prometheus's {@code ChainedSeriesMerge}, the
 * {@code chain} dedup algorithm: right when replicas hold the same samples (receiver replication), wrong
 * for independently scraped HA pairs, whose timestamps interleave and would double the sample rate.
 */
final class ChainSampleIterator implements SampleIterator {
  private final SampleIterator[] its;
  private final ValueType[] vals;
  private boolean started;
  private int current = -1;
  private long t;

  ChainSampleIterator(List<? extends SampleIterator> replicas) {
    this.its = replicas.toArray(new SampleIterator[0]);
    this.vals = new ValueType[its.length];
  }

  @Override
  public ValueType next() {
    if (!started) {
      started = true;
      for (int i = 0; i < its.length; i++) {
        vals[i] = its[i].next();
      }
    } else if (current >= 0) {
      for (int i = 0; i < its.length; i++) {
        if (vals[i] != ValueType.NONE && its[i].atT() == t) {
          vals[i] = its[i].next();
        }
      }
    } else {
      return ValueType.NONE;
    }
    return pick();
  }

  @Override
  public ValueType seek(long target) {
    if (started && current >= 0 && t >= target) {
      return vals[current];
    }
    if (started && current < 0) {
      return ValueType.NONE;
    }
    for (int i = 0; i < its.length; i++) {
      if (!started || (vals[i] != ValueType.NONE && its[i].atT() < target)) {
        vals[i] = its[i].seek(target);
      }
    }
    started = true;
    return pick();
  }

  private ValueType pick() {
    current = -1;
    for (int i = 0; i < its.length; i++) {
      if (vals[i] != ValueType.NONE && (current < 0 || its[i].atT() < t)) {
        current = i;
        t = its[i].atT();
      }
    }
    return current < 0 ? ValueType.NONE : vals[current];
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atValue() {
    return its[current].atValue();
  }
}
