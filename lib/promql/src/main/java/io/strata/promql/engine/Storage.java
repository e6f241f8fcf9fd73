package io.strata.promql.engine;

import io.strata.model.LabelMatcher;
import io.strata.promql.Annotation;
import io.strata.promql.PromQLException;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;

/** Calls into storage, turning its failures into internal errors and its warnings into annotations. */
final class Storage {
  private Storage() {}

  static SeriesSet select(QueryContext ctx, SelectHints hints, LabelMatcher[] matchers) {
    try {
      return ctx.querier.select(false, hints, matchers);
    } catch (PromQLException e) {
      throw e;
    } catch (RuntimeException e) {
      throw PromQLException.storage("selecting series: " + e.getMessage(), e);
    }
  }

  static boolean next(QueryContext ctx, SeriesSet set) {
    boolean more;
    try {
      more = set.next();
    } catch (PromQLException e) {
      throw e;
    } catch (RuntimeException e) {
      throw PromQLException.storage("expanding series: " + e.getMessage(), e);
    }
    if (!more) {
      for (String w : set.warnings()) {
        ctx.annotations.add(Annotation.plainWarning(w));
      }
    }
    return more;
  }
}
