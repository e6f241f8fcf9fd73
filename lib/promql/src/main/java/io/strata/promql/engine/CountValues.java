package io.strata.promql.engine;

import io.strata.model.GoFloat;
import io.strata.model.Labels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code count_values("label", v)}: per step, counts the series having each distinct value, grouping on the
 * input labels plus the value (formatted as Go's shortest {@code %f}) in the new label.
 */
final class CountValues implements SeriesStream {
  private final QueryContext ctx;
  private final SeriesStream input;
  private final Grouping grouping;
  private final String valueLabel;
  private final Steps steps;
  private SeriesStream output;

  CountValues(QueryContext ctx, SeriesStream input, Grouping grouping, String valueLabel, Steps steps) {
    this.ctx = ctx;
    this.input = input;
    this.grouping = grouping;
    this.valueLabel = valueLabel;
    this.steps = steps;
  }

  @Override
  public StepSeries next() {
    if (output == null) {
      output = compute();
    }
    return output.next();
  }

  private SeriesStream compute() {
    int n = steps.count();
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    for (StepSeries s = input.next(); s != null; s = input.next()) {
      ctx.checkCanceled();
      Map<Double, Labels> keys = new HashMap<>();
      for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
        double v = s.values[k];
        Labels key = keys.get(v);
        if (key == null) {
          key = grouping.of(s.labels.toBuilder().set(valueLabel, GoFloat.formatF(v)).build());
          keys.put(v, key);
        }
        StepSeries o = out.get(key);
        if (o == null) {
          o = new StepSeries(key, n);
          out.put(key, o);
          ctx.acquire(n);
        }
        o.set(k, o.has(k) ? o.values[k] + 1 : 1);
      }
    }
    return SeriesStream.of(new java.util.ArrayList<>(out.values()));
  }
}
