package io.strata.promql.engine;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;

/** A matrix selector's series, read from storage as the window slides. */
final class MatrixSelectorSource implements RangeSource {
  private final QueryContext ctx;
  private final SeriesSet set;
  private Labels labels;
  private SampleIterator it;
  private boolean hasCur;
  private long curT;
  private double curV;
  private boolean started;

  MatrixSelectorSource(QueryContext ctx, LabelMatcher[] matchers, SelectHints hints) {
    this.ctx = ctx;
    this.set = Storage.select(ctx, hints, matchers);
  }

  @Override
  public boolean nextSeries() {
    if (!Storage.next(ctx, set)) {
      return false;
    }
    labels = set.at().labels();
    it = set.at().iterator(it);
    started = false;
    return true;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public boolean dropName() {
    return false;
  }

  @Override
  public void rewind(Window w) {
    w.clear();
  }

  private void load(ValueType vt) {
    hasCur = vt != ValueType.NONE;
    if (hasCur) {
      curT = it.atT();
      curV = vt == ValueType.FLOAT ? it.atValue() : Double.longBitsToDouble(Stale.STALE_NAN_BITS);
    }
  }

  @Override
  public int slide(Window w, long mint, long maxt) {
    int delta = -w.dropUpTo(mint);
    if (!started) {
      started = true;
      load(it.seek(mint + 1));
    } else if (hasCur && curT <= mint) {
      load(it.seek(mint + 1));
    }
    while (hasCur && curT <= maxt) {
      if (curT > mint && !Stale.is(curV)) {
        w.add(curT, curV);
        delta++;
      }
      load(it.next());
    }
    return delta;
  }
}
