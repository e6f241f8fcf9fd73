package io.strata.store.dedup;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;

/**
 * A counter replica whose values are shifted up so that switching to it never makes the deduplicated
 * counter go down (Thanos {@code counterErrAdjustSeriesIterator}, issue #2401).
 *
 * <p>Worked example. Two replicas scrape the same counter, but B saw fewer increments (it restarted, or
 * scraped a lagging target):
 * <pre>
 *   t (s)        10   20   30   40   50   60   70
 *   replica A    20   30   45    -    -    -    -     (A stops)
 *   replica B    19   29   40   41   42   44   50
 * </pre>
 * Dedup emits A at 10, 20 and 30 (value 45). A has no more data, and B's penalty (2 × 10 s) lands the
 * switch at 60, where B reads 44: {@code rate()} would see 45 → 44 and count a counter reset worth 44. On a
 * switch the new replica is told the last emitted value; its current value is lower by 1, so 1 is added to
 * all its values from then on and the series continues 45, 51 — a small overestimate instead of a false
 * reset. (Only applied when the query function says the series is a counter: {@code rate},
 * {@code increase}, {@code irate}, {@code resets}.)
 */
final class CounterAdjustingIterator implements AdjustableSampleIterator {
  private final SampleIterator it;
  private double errAdjust;

  CounterAdjustingIterator(SampleIterator it) {
    this.it = it;
  }

  @Override
  public void adjustAtValue(double lastEmitted) {
    double v = atValue();
    if (lastEmitted > v) {
      errAdjust += lastEmitted - v;
    }
  }

  @Override
  public ValueType next() {
    return it.next();
  }

  @Override
  public ValueType seek(long t) {
    return it.seek(t);
  }

  @Override
  public long atT() {
    return it.atT();
  }

  @Override
  public double atValue() {
    return it.atValue() + errAdjust;
  }
}
