package io.strata.promql.engine;

import io.strata.model.LabelMatcher;
import io.strata.promql.PromQLException;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import io.strata.promql.storage.StorageSeries;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;

/**
 * An instant vector selector over a step grid: for each series and step, the newest sample at or before the
 * reference time ({@code step - offset}, or the {@code @} time) and newer than the lookback delta; a stale
 * marker hides older samples. With {@code timestamps} set it yields the sample's timestamp in seconds
 * instead (for {@code timestamp()}).
 */
final class SelectorStream implements SeriesStream {
  private final QueryContext ctx;
  private final Steps steps;
  private final Long at;
  private final long offset;
  private final boolean timestamps;
  private final SeriesSet set;
  private final StepSeries buf;
  private SampleIterator it;

  SelectorStream(QueryContext ctx, LabelMatcher[] matchers, SelectHints hints, Steps steps, Long at, long offset,
      boolean timestamps) {
    this.ctx = ctx;
    this.steps = steps;
    this.at = at;
    this.offset = offset;
    this.timestamps = timestamps;
    this.set = Storage.select(ctx, hints, matchers);
    this.buf = new StepSeries(null, steps.count());
  }

  @Override
  public StepSeries next() {
    while (Storage.next(ctx, set)) {
      ctx.checkCanceled();
      StorageSeries s = set.at();
      buf.reset(s.labels());
      it = s.iterator(it);
      try {
        fill();
      } catch (RuntimeException e) {
        if (e instanceof PromQLException) {
          throw e;
        }
        throw PromQLException.storage("reading samples of " + s.labels() + ": " + e.getMessage(), e);
      }
      if (!buf.isEmpty()) {
        return buf;
      }
    }
    return null;
  }

  private void fill() {
    long lookback = ctx.lookbackMillis;
    int n = steps.count();
    ValueType vt = it.next();
    long curT = 0;
    double curV = 0;
    boolean hasCur = vt != ValueType.NONE;
    if (hasCur) {
      curT = it.atT();
      curV = vt == ValueType.FLOAT ? it.atValue() : Double.longBitsToDouble(Stale.STALE_NAN_BITS);
    }
    long prevT = 0;
    double prevV = 0;
    boolean hasPrev = false;
    for (int k = 0; k < n; k++) {
      long ref = (at != null ? at : steps.time(k)) - offset;
      long windowStart = ref - lookback;
      if (hasCur && curT <= windowStart) {
        hasPrev = false;
        vt = it.seek(windowStart + 1);
        hasCur = vt != ValueType.NONE;
        if (hasCur) {
          curT = it.atT();
          curV = vt == ValueType.FLOAT ? it.atValue() : Double.longBitsToDouble(Stale.STALE_NAN_BITS);
        }
      }
      while (hasCur && curT <= ref) {
        prevT = curT;
        prevV = curV;
        hasPrev = true;
        vt = it.next();
        hasCur = vt != ValueType.NONE;
        if (hasCur) {
          curT = it.atT();
          // Native histograms are not supported yet: they count as samples without a float value.
          curV = vt == ValueType.FLOAT ? it.atValue() : Double.longBitsToDouble(Stale.STALE_NAN_BITS);
        }
      }
      if (hasPrev && prevT > windowStart && !Stale.is(prevV)) {
        buf.set(k, timestamps ? prevT / 1000.0 : prevV);
      }
    }
  }
}
