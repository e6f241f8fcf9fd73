package io.strata.promql.engine;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Functions that need more than one value at a time: {@code absent}, {@code absent_over_time},
 * {@code scalar}, {@code vector}, {@code time}, {@code timestamp}, {@code sort*}, the label functions and the
 * histogram functions (the latter two in {@link LabelFunctions} and {@link HistogramFunctions}).
 */
final class SpecialFunctions {
  private SpecialFunctions() {}

  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  static SeriesStream vector(Evaluator ev, Call c, Steps steps) {
    QueryContext ctx = ev.ctx;
    List<Expr> args = c.args();
    return switch (c.name()) {
      // === absent(v instant-vector): 1 at steps where v has no sample ===
      case "absent" -> {
        SeriesStream in = ev.vector(args.get(0), steps);
        long[] any = new long[(steps.count() + 63) >>> 6];
        for (StepSeries s = in.next(); s != null; s = in.next()) {
          for (int i = 0; i < any.length; i++) {
            any[i] |= s.present[i];
          }
        }
        yield absentResult(any, steps, labelsForAbsent(unwrap(args.get(0))), false);
      }
      // === absent_over_time(v range-vector): 1 at steps where no series has a sample in range ===
      case "absent_over_time" -> {
        Evaluator.RangeArgument ra = ev.rangeArgument(args.get(0), steps, c.name());
        SeriesStream present = new RangeFunctionStream(ctx, ra.source(), RangeFunctions::presentOverTime, steps,
            ra.range(), ra.offset(), ra.at(), new double[0][], true, false, args.get(0).positionRange(), null,
            false, false);
        long[] any = new long[(steps.count() + 63) >>> 6];
        for (StepSeries s = present.next(); s != null; s = present.next()) {
          for (int i = 0; i < any.length; i++) {
            any[i] |= s.present[i];
          }
        }
        yield absentResult(any, steps, labelsForAbsent(unwrap(args.get(0))), true);
      }
      // === vector(s scalar): one series without labels ===
      case "vector" -> {
        double[] v = ev.scalar(args.get(0), steps);
        StepSeries s = new StepSeries(Labels.EMPTY, steps.count());
        for (int k = 0; k < steps.count(); k++) {
          s.set(k, v[k]);
        }
        yield SeriesStream.of(List.of(s));
      }
      // === timestamp(v instant-vector): the time of each sample, in seconds ===
      case "timestamp" -> timestamp(ev, unwrap(args.get(0)), steps);
      // === sort(v), sort_desc(v), sort_by_label(v, labels...), sort_by_label_desc(v, labels...) ===
      case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> sort(ev, c, steps);
      case "label_replace" -> LabelFunctions.labelReplace(ev, c, steps);
      case "label_join" -> LabelFunctions.labelJoin(ev, c, steps);
      case "histogram_quantile" -> HistogramFunctions.quantile(ev, c, steps);
      case "histogram_fraction" -> HistogramFunctions.fraction(ev, c, steps);
      case "histogram_quantiles" -> HistogramFunctions.quantiles(ev, c, steps);
      // === histogram_count/sum/avg/stddev/stdvar(v): native histograms only, so floats yield nothing ===
      case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" -> {
        SeriesStream in = ev.vector(args.get(0), steps);
        while (in.next() != null) {
          ctx.checkCanceled();
        }
        yield SeriesStream.EMPTY;
      }
      default -> throw PromQLException.execution("function " + GoStrings.quote(c.name()) + " is not supported");
    };
  }

  static double[] scalar(Evaluator ev, Call c, Steps steps) {
    int n = steps.count();
    double[] out = new double[n];
    switch (c.name()) {
      // === time(): the evaluation time in seconds ===
      case "time" -> {
        for (int k = 0; k < n; k++) {
          out[k] = steps.time(k) / 1000.0;
        }
      }
      // === pi() ===
      case "pi" -> java.util.Arrays.fill(out, Math.PI);
      // === scalar(v instant-vector): the value of the only series, else NaN ===
      case "scalar" -> {
        int[] count = new int[n];
        SeriesStream in = ev.vector(c.args().get(0), steps);
        for (StepSeries s = in.next(); s != null; s = in.next()) {
          for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
            count[k]++;
            out[k] = s.values[k];
          }
        }
        for (int k = 0; k < n; k++) {
          if (count[k] != 1) {
            out[k] = Double.NaN;
          }
        }
      }
      // === start(), end(), range(), step() (experimental): the query's own times, in seconds ===
      case "start" -> java.util.Arrays.fill(out, ev.ctx.queryStart / 1000.0);
      case "end" -> java.util.Arrays.fill(out, ev.ctx.queryEnd / 1000.0);
      case "range" -> java.util.Arrays.fill(out, (ev.ctx.queryEnd - ev.ctx.queryStart) / 1000.0);
      case "step" -> java.util.Arrays.fill(out, ev.queryStep / 1000.0);
      // === min_of(a, b), max_of(a, b) (experimental) ===
      case "min_of", "max_of" -> {
        double[] a = ev.scalar(c.args().get(0), steps);
        double[] b = ev.scalar(c.args().get(1), steps);
        for (int k = 0; k < n; k++) {
          out[k] = c.name().equals("min_of") ? Math.min(a[k], b[k]) : Math.max(a[k], b[k]);
        }
      }
      default -> throw PromQLException.execution("function " + GoStrings.quote(c.name()) + " is not supported");
    }
    return out;
  }

  /** A series of {@code time()} values without labels, which date functions use without argument. */
  static SeriesStream timeVector(Steps steps) {
    StepSeries s = new StepSeries(Labels.EMPTY, steps.count());
    for (int k = 0; k < steps.count(); k++) {
      s.set(k, steps.time(k) / 1000.0);
    }
    return SeriesStream.of(List.of(s));
  }

  private static SeriesStream absentResult(long[] any, Steps steps, Labels labels, boolean dropName) {
    StepSeries out = new StepSeries(labels, steps.count());
    out.dropName = dropName;
    for (int k = 0; k < steps.count(); k++) {
      if ((any[k >>> 6] & (1L << k)) == 0) {
        out.set(k, 1);
      }
    }
    return out.isEmpty() ? SeriesStream.EMPTY : SeriesStream.of(List.of(out));
  }

  /**
   * The labels {@code absent} reports: those matched by exactly one equality matcher (other than the name);
   * a label matched otherwise, or twice, is left out (Prometheus' historic behaviour).
   */
  static Labels labelsForAbsent(Expr arg) {
    List<LabelMatcher> matchers;
    if (arg instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (arg instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    Labels.Builder b = Labels.builder();
    Set<String> has = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == LabelMatcher.Type.EQ && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.del(m.name());
      }
    }
    return b.build();
  }

  private static SeriesStream timestamp(Evaluator ev, Expr arg, Steps steps) {
    QueryContext ctx = ev.ctx;
    SeriesStream in;
    if (arg instanceof VectorSelector vs) {
      in = ev.selector(vs, steps, true);
    } else {
      SeriesStream values = ev.vector(arg, steps);
      in = () -> {
        StepSeries s = values.next();
        if (s != null) {
          for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
            s.values[k] = steps.time(k) / 1000.0;
          }
        }
        return s;
      };
    }
    SeriesStream mapped = () -> {
      StepSeries s = in.next();
      if (s == null) {
        return null;
      }
      if (!ctx.delayedNameRemoval) {
        s.labels = QueryContext.dropMetricName(s.labels);
      }
      s.dropName = true;
      return s;
    };
    return ctx.delayedNameRemoval ? mapped : BinaryOperators.merge(ctx, mapped, steps);
  }

  private static SeriesStream sort(Evaluator ev, Call c, Steps steps) {
    QueryContext ctx = ev.ctx;
    SeriesStream in = ev.vector(c.args().get(0), steps);
    if (!steps.isInstant()) {
      if (c.name().equals("sort") || c.name().equals("sort_desc") || c.name().startsWith("sort_by_label")) {
        ctx.warn("sort is ineffective for range queries since results are always ordered by labels",
            c.positionRange());
      }
      return in;
    }
    List<StepSeries> all = new ArrayList<>();
    for (StepSeries s = in.next(); s != null; s = in.next()) {
      ctx.acquire(s.count());
      all.add(s.copy());
    }
    switch (c.name()) {
      case "sort" -> all.sort((a, b) -> compareValues(a.values[0], b.values[0], false));
      case "sort_desc" -> all.sort((a, b) -> compareValues(a.values[0], b.values[0], true));
      default -> {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < c.args().size(); i++) {
          names.add(ev.string(c.args().get(i)));
        }
        boolean desc = c.name().endsWith("_desc");
        all.sort((a, b) -> {
          for (String name : names) {
            String la = a.labels.get(name);
            String lb = b.labels.get(name);
            if (la.equals(lb)) {
              continue;
            }
            int r = NaturalOrder.less(la, lb) ? -1 : 1;
            return desc ? -r : r;
          }
          int r = a.labels.compareTo(b.labels);
          return desc ? -r : r;
        });
      }
    }
    return SeriesStream.of(all);
  }

  /** Ascending (or descending) by value, NaN always last. */
  private static int compareValues(double a, double b, boolean desc) {
    boolean an = Double.isNaN(a);
    boolean bn = Double.isNaN(b);
    if (an || bn) {
      return Boolean.compare(an, bn);
    }
    return desc ? Double.compare(b, a) : Double.compare(a, b);
  }
}
