package io.strata.promql.engine;

/**
 * Applies an element-wise function to each series, in place. The result drops the metric name (at once, or
 * at the end with delayed name removal); where dropping names makes label sets collide, series are merged.
 */
final class InstantFunctionStream {
  private InstantFunctionStream() {}

  static SeriesStream of(QueryContext ctx, SeriesStream input, InstantFn fn, double[][] args, String name,
      Steps steps, boolean dropsName) {
    boolean clamp = name.equals("clamp");
    double[] argsAtStep = new double[args.length];
    SeriesStream mapped = () -> {
      for (StepSeries s = input.next(); s != null; s = input.next()) {
        for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
          for (int a = 0; a < args.length; a++) {
            argsAtStep[a] = args[a][k];
          }
          if (clamp && argsAtStep[1] < argsAtStep[0]) {
            s.clear(k);
            continue;
          }
          s.values[k] = fn.apply(s.values[k], argsAtStep);
        }
        if (s.isEmpty()) {
          continue;
        }
        if (dropsName) {
          if (!ctx.delayedNameRemoval) {
            s.labels = QueryContext.dropMetricName(s.labels);
          }
          s.dropName = true;
        }
        return s;
      }
      return null;
    };
    if (dropsName && !ctx.delayedNameRemoval) {
      return BinaryOperators.merge(ctx, mapped, steps);
    }
    return mapped;
  }
}
