package io.strata.promql.engine;

import io.strata.promql.ast.AtModifier;
import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.VectorSelector;

/**
 * The earliest and latest sample times a query can read, for opening the querier, as Prometheus'
 * {@code FindMinMaxTime}: offsets, ranges and {@code @} of the selectors and the subqueries around them.
 */
final class TimeRange {
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;
  private final long start;
  private final long end;
  private final long lookback;
  private final long step;

  private TimeRange(long start, long end, long lookback, long step) {
    this.start = start;
    this.end = end;
    this.lookback = lookback;
    this.step = step;
  }

  /** Returns {min, max}; {0, 0} when the expression selects nothing. */
  static long[] of(Expr e, long start, long end, long step, long lookback) {
    TimeRange r = new TimeRange(start, end, lookback, step);
    r.walk(e, 0, 0, null, 0);
    if (r.max == Long.MIN_VALUE) {
      return new long[] {0, 0};
    }
    return new long[] {r.min, r.max};
  }

  private Long at(Long ts, AtModifier m) {
    if (ts != null) {
      return ts;
    }
    if (m == AtModifier.START) {
      return Long.valueOf(start);
    }
    return m == AtModifier.END ? Long.valueOf(end) : null;
  }

  private long offset(long millis, DurationExpr e) {
    return e == null ? millis : DurationEvaluator.evaluate(step, end - start, e, true);
  }

  private void walk(Expr e, long subOffset, long subRange, Long subTs, long evalRange) {
    switch (e) {
      case VectorSelector vs -> {
        long s = start;
        long en = end;
        if (subTs != null) {
          s = subTs;
          en = subTs;
        }
        Long ts = at(vs.timestamp(), vs.at());
        if (ts != null) {
          s = ts;
          en = ts;
        } else {
          s = s - subOffset - subRange;
          en -= subOffset;
        }
        if (evalRange == 0) {
          s -= lookback - 1;
          if (vs.smoothed()) {
            en += lookback;
          }
        } else if (vs.anchored() || vs.smoothed()) {
          s -= lookback + evalRange - 1;
          if (vs.smoothed()) {
            en += lookback;
          }
        } else {
          s -= evalRange - 1;
        }
        long off = offset(vs.offsetMillis(), vs.offsetExpr());
        min = Math.min(min, s - off);
        max = Math.max(max, en - off);
      }
      case MatrixSelector ms -> {
        long range = ms.rangeExpr() == null ? ms.rangeMillis()
            : DurationEvaluator.evaluate(step, end - start, ms.rangeExpr(), false);
        walk(ms.selector(), subOffset, subRange, subTs, range);
      }
      case SubqueryExpr sq -> {
        long range = sq.rangeExpr() == null ? sq.rangeMillis()
            : DurationEvaluator.evaluate(step, end - start, sq.rangeExpr(), false);
        long off = offset(sq.offsetMillis(), sq.offsetExpr());
        Long ts = at(sq.timestamp(), sq.at());
        if (ts != null) {
          walk(sq.expr(), off, range, ts, 0);
        } else {
          walk(sq.expr(), subOffset + off, subRange + range, subTs, 0);
        }
      }
      default -> {
        for (Expr c : e.children()) {
          walk(c, subOffset, subRange, subTs, 0);
        }
      }
    }
  }
}
