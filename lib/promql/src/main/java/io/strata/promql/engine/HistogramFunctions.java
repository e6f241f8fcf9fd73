package io.strata.promql.engine;

import io.strata.model.GoFloat;
import io.strata.model.Labels;
import io.strata.promql.Annotation;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.PositionRange;
import io.strata.promql.parser.Numbers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms: series that differ only
 * in {@code le} form one histogram; at each step the buckets present are combined (see {@link Quantiles}).
 */
final class HistogramFunctions {
  private HistogramFunctions() {}

  /** One classic histogram: its labels without {@code le} and its bucket series. */
  private static final class Histogram {
    final Labels labels;
    final List<Double> bounds = new ArrayList<>();
    final List<StepSeries> buckets = new ArrayList<>();

    Histogram(Labels labels) {
      this.labels = labels;
    }
  }

  private static Map<Labels, Histogram> group(Evaluator ev, SeriesStream in, PositionRange argPos) {
    QueryContext ctx = ev.ctx;
    Map<Labels, Histogram> histograms = new LinkedHashMap<>();
    for (StepSeries s = in.next(); s != null; s = in.next()) {
      ctx.checkCanceled();
      String le = s.labels.get("le");
      double upper;
      try {
        upper = Numbers.parseFloat(le);
      } catch (IllegalArgumentException e) {
        String text = "bucket label \"le\" is missing or has a malformed value of " + GoStrings.quote(le);
        String name = ctx.delayedNameRemoval ? s.labels.metricName() : "";
        if (!name.isEmpty()) {
          text += " for metric name " + GoStrings.quote(name);
        }
        ctx.warn(text, argPos);
        continue;
      }
      Labels key = s.labels.without("le");
      Histogram h = histograms.computeIfAbsent(key, Histogram::new);
      ctx.acquire(s.count());
      h.bounds.add(upper);
      h.buckets.add(s.copy());
    }
    return histograms;
  }

  // === histogram_quantile(q scalar, b instant-vector) ===

  static SeriesStream quantile(Evaluator ev, Call c, Steps steps) {
    QueryContext ctx = ev.ctx;
    double[] q = ev.scalar(c.args().get(0), steps);
    Set<Double> warned = new HashSet<>();
    for (double v : q) {
      if ((Double.isNaN(v) || v < 0 || v > 1) && warned.add(v)) {
        ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(v), c.args().get(0).positionRange());
      }
    }
    PositionRange argPos = c.args().get(1).positionRange();
    Map<Labels, Histogram> histograms = group(ev, ev.vector(c.args().get(1), steps), argPos);
    Quantiles.BucketResult r = new Quantiles.BucketResult();
    return compute(ev, histograms, steps, (h, k, upper, counts, n) -> {
      Quantiles.bucketQuantile(q[k], upper, counts, n, r);
      if (r.forcedMonotonic) {
        String name = ctx.delayedNameRemoval ? h.labels.metricName() : "";
        ctx.annotations.add(Annotation.forcedMonotonicity(name, argPos, steps.time(k), r.minBucket, r.maxBucket,
            r.maxDiff));
      }
      return r.quantile;
    });
  }

  // === histogram_quantiles(b instant-vector, label string, q scalar...) (experimental) ===
  // One output series per histogram and quantile, the quantile in the given label.

  static SeriesStream quantiles(Evaluator ev, Call c, Steps steps) {
    QueryContext ctx = ev.ctx;
    String label = ev.string(c.args().get(1));
    int nq = c.args().size() - 2;
    double[][] qs = new double[nq][];
    for (int i = 0; i < nq; i++) {
      qs[i] = ev.scalar(c.args().get(i + 2), steps);
      Set<Double> warned = new HashSet<>();
      for (double v : qs[i]) {
        if ((Double.isNaN(v) || v < 0 || v > 1) && warned.add(v)) {
          ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(v),
              c.args().get(i + 2).positionRange());
        }
      }
    }
    PositionRange argPos = c.args().get(0).positionRange();
    Map<Labels, Histogram> histograms = group(ev, ev.vector(c.args().get(0), steps), argPos);
    Quantiles.BucketResult r = new Quantiles.BucketResult();
    LabelMerger merged = new LabelMerger(ctx, steps.isInstant() && ctx.delayedNameRemoval);
    for (int i = 0; i < nq; i++) {
      double[] q = qs[i];
      SeriesStream s = compute(ev, histograms, steps, (h, k, upper, counts, n) -> {
        Quantiles.bucketQuantile(q[k], upper, counts, n, r);
        if (r.forcedMonotonic) {
          String name = ctx.delayedNameRemoval ? h.labels.metricName() : "";
          ctx.annotations.add(Annotation.forcedMonotonicity(name, argPos, steps.time(k), r.minBucket,
              r.maxBucket, r.maxDiff));
        }
        return r.quantile;
      });
      for (StepSeries x = s.next(); x != null; x = s.next()) {
        // The label holds the quantile of each step, so a quantile that varies splits the series.
        Map<String, StepSeries> byValue = new LinkedHashMap<>();
        for (int k = x.nextStep(0); k >= 0; k = x.nextStep(k + 1)) {
          String v = openMetricsFloat(q[k]);
          StepSeries part = byValue.get(v);
          if (part == null) {
            part = new StepSeries(x.labels.toBuilder().set(label, v).build(), x.steps());
            part.dropName = x.dropName;
            byValue.put(v, part);
          }
          part.set(k, x.values[k]);
        }
        for (StepSeries part : byValue.values()) {
          merged.add(part, true);
        }
      }
    }
    return merged.stream();
  }

  /** Prometheus' {@code labels.FormatOpenMetricsFloat}: shortest form, with ".0" added to integers. */
  static String openMetricsFloat(double f) {
    String s = GoFloat.formatG(f);
    if (Double.isNaN(f) || Double.isInfinite(f) || s.contains("e") || s.contains(".")) {
      return s;
    }
    return s + ".0";
  }

  // === histogram_fraction(lower scalar, upper scalar, b instant-vector) ===

  static SeriesStream fraction(Evaluator ev, Call c, Steps steps) {
    double[] lower = ev.scalar(c.args().get(0), steps);
    double[] upperLimit = ev.scalar(c.args().get(1), steps);
    Map<Labels, Histogram> histograms = group(ev, ev.vector(c.args().get(2), steps),
        c.args().get(2).positionRange());
    return compute(ev, histograms, steps,
        (h, k, upper, counts, n) -> Quantiles.bucketFraction(lower[k], upperLimit[k], upper, counts, n));
  }

  @FunctionalInterface
  private interface BucketFn {
    double apply(Histogram h, int step, double[] upper, double[] counts, int n);
  }

  private static SeriesStream compute(Evaluator ev, Map<Labels, Histogram> histograms, Steps steps, BucketFn fn) {
    QueryContext ctx = ev.ctx;
    int n = steps.count();
    LabelMerger out = new LabelMerger(ctx, steps.isInstant() && ctx.delayedNameRemoval);
    long held = 0;
    for (Histogram h : histograms.values()) {
      ctx.checkCanceled();
      int b = h.buckets.size();
      double[] upper = new double[b];
      double[] counts = new double[b];
      Labels labels = ctx.delayedNameRemoval ? h.labels : QueryContext.dropMetricName(h.labels);
      StepSeries result = new StepSeries(labels, n);
      result.dropName = true;
      for (int k = 0; k < n; k++) {
        int m = 0;
        for (int i = 0; i < b; i++) {
          StepSeries bucket = h.buckets.get(i);
          if (bucket.has(k)) {
            upper[m] = h.bounds.get(i);
            counts[m] = bucket.values[k];
            m++;
          }
        }
        if (m > 0) {
          result.set(k, fn.apply(h, k, upper, counts, m));
        }
      }
      for (StepSeries bucket : h.buckets) {
        held += bucket.count();
      }
      out.add(result, true);
    }
    ctx.release(held);
    return out.stream();
  }
}
