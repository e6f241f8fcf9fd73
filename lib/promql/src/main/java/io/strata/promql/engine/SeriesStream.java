package io.strata.promql.engine;

import java.util.Iterator;
import java.util.List;

/** A pull-based stream of {@link StepSeries}; see there for the reuse contract. */
interface SeriesStream {
  /** The next series, or null at the end. */
  StepSeries next();

  static SeriesStream of(List<StepSeries> series) {
    Iterator<StepSeries> it = series.iterator();
    return () -> it.hasNext() ? it.next() : null;
  }

  SeriesStream EMPTY = () -> null;
}
