package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.PositionRange;
import java.util.HashSet;
import java.util.Set;

/**
 * Applies a range-vector function to each series of a {@link RangeSource}: per step, slide the window to
 * {@code (ref - range, ref]} with {@code ref = step - offset} (or the {@code @} time) and call the function.
 * Streams one output series per input series.
 */
final class RangeFunctionStream implements SeriesStream {
  private final QueryContext ctx;
  private final RangeSource source;
  private final RangeFn fn;
  private final Steps steps;
  private final long rangeMillis;
  private final long offset;
  private final Long at;
  private final double[][] scalarArgs;
  private final boolean dropsName;
  private final boolean counterInfo;
  private final PositionRange matrixPosition;
  private final Window window = new Window();
  private final RangeCall call = new RangeCall();
  private final StepSeries out;
  private final Set<Labels> seen;

  /**
   * @param scalarArgs the other arguments, each a value per step, in argument order
   * @param counterInfo whether to add Prometheus' "metric might not be a counter" info ({@code rate},
   *     {@code increase})
   */
  RangeFunctionStream(QueryContext ctx, RangeSource source, RangeFn fn, Steps steps, long rangeMillis, long offset,
      Long at, double[][] scalarArgs, boolean keepsName, boolean counterInfo, PositionRange matrixPosition,
      PositionRange paramPosition, boolean anchored, boolean smoothed) {
    this.ctx = ctx;
    this.source = source;
    this.fn = fn;
    this.steps = steps;
    this.rangeMillis = rangeMillis;
    this.offset = offset;
    this.at = at;
    this.scalarArgs = scalarArgs;
    this.dropsName = !keepsName;
    this.counterInfo = counterInfo;
    this.matrixPosition = matrixPosition;
    this.out = new StepSeries(null, steps.count());
    this.seen = ctx.delayedNameRemoval ? null : new HashSet<>();
    call.rangeMillis = rangeMillis;
    call.args = new double[scalarArgs.length];
    call.matrixPosition = matrixPosition;
    call.paramPosition = paramPosition;
    call.context = ctx;
    call.anchored = anchored;
    call.smoothed = smoothed;
  }

  /** Anchored and smoothed windows also hold the samples a lookback delta before the range... */
  private long extendedStart(long mint) {
    return call.anchored || call.smoothed ? mint - ctx.lookbackMillis : mint;
  }

  /** ...and smoothed ones those a lookback delta after it. */
  private long extendedEnd(long ref) {
    return call.smoothed ? ref + ctx.lookbackMillis : ref;
  }

  @Override
  public StepSeries next() {
    int n = steps.count();
    while (source.nextSeries()) {
      ctx.checkCanceled();
      Labels in = source.labels();
      boolean dropName = dropsName || source.dropName();
      out.reset(in);
      out.dropName = dropName;
      call.metric = in;
      source.rewind(window);
      for (int k = 0; k < n; k++) {
        long ref = (at != null ? at : steps.time(k)) - offset;
        long mint = ref - rangeMillis;
        int delta = source.slide(window, extendedStart(mint), extendedEnd(ref));
        if (delta > 0) {
          ctx.acquire(delta);
        } else if (delta < 0) {
          ctx.release(-delta);
        }
        if (window.isEmpty()) {
          continue;
        }
        call.stepTime = steps.time(k);
        call.rangeStart = mint;
        call.rangeEnd = ref;
        for (int a = 0; a < scalarArgs.length; a++) {
          call.args[a] = scalarArgs[a][k];
        }
        if (fn.apply(window, call)) {
          out.set(k, call.result);
        }
      }
      ctx.release(window.size());
      window.clear();
      if (out.isEmpty()) {
        continue;
      }
      if (counterInfo) {
        String name = in.metricName();
        if (!name.isEmpty() && !name.endsWith("_total") && !name.endsWith("_sum") && !name.endsWith("_count")
            && !name.endsWith("_bucket")) {
          ctx.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
              + GoStrings.quote(name), matrixPosition);
        }
      }
      if (!ctx.delayedNameRemoval && dropName) {
        out.labels = QueryContext.dropMetricName(in);
      }
      if (seen != null && !seen.add(out.labels)) {
        throw PromQLException.execution("vector cannot contain metrics with the same labelset");
      }
      return out;
    }
    return null;
  }
}
