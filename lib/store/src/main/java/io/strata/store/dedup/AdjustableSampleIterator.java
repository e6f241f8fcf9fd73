package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;

/**
 * A replica's sample iterator that the penalty algorithm can nudge when it switches to it: told the last
 * value emitted before the switch, a counter replica may shift its values up (see {@link
 * CounterAdjustingIterator}); other series ignore it.
 */
interface AdjustableSampleIterator extends SampleIterator {
  void adjustAtValue(double lastEmitted);

  /** The plain iterator, for series that are not counters. */
  static AdjustableSampleIterator plain(SampleIterator it) {
    return new AdjustableSampleIterator() {
      @Override
      public void adjustAtValue(double lastEmitted) {}

      @Override
      public io.strata.tsdb.chunkenc.ValueType next() {
        return it.next();
      }

      @Override
      public io.strata.tsdb.chunkenc.ValueType seek(long t) {
        return it.seek(t);
      }

      @Override
      public long atT() {
        return it.atT();
      }

      @Override
      public double atValue() {
        return it.atValue();
      }
    };
  }
}
