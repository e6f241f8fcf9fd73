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
 *   t (s)        10   20   30   40   50   60
 *   replica A    20   30   45    -    -    -     (A stops)
 *   replica B    19   29   40   42   52   55
 * </pre>
 * Dedup emits A at 10, 20 and 30 (value 45), then A has a gap and it switches to B at 40, which reads 42.
 * {@code rate()} would see 45 → 42 and count a counter reset worth 42. On a switch the new replica is told
 * the last emitted value; its current value is lower by 3, so 3 is added to all its values from then on
 * and the series continues 45, 55, 58 — a small overestimate instead of a false reset. (Only applied when
 * the query function says the series is a counter: {@code rate}, {@code increase}, {@code irate},
 * {@code resets}.)
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
