package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.promql.Matrix;
import io.strata.promql.PromQLException;
import io.strata.promql.Sample;
import io.strata.promql.Series;
import io.strata.promql.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the final values, applying delayed name removal: marked series lose {@code __name__}; series that
 * then share a label set are merged if their points do not collide, else the query fails as in Prometheus.
 */
final class Results {
  private Results() {}

  static Vector vector(QueryContext ctx, SeriesStream stream, long t) {
    List<Sample> out = new ArrayList<>();
    Set<Labels> seen = new HashSet<>();
    for (StepSeries s = stream.next(); s != null; s = stream.next()) {
      ctx.checkCanceled();
      if (!s.has(0)) {
        continue;
      }
      Labels l = s.labels;
      if (ctx.delayedNameRemoval && s.dropName) {
        l = QueryContext.dropMetricName(l);
      }
      ctx.acquire(1);
      out.add(new Sample(l, t, s.values[0]));
      if (ctx.delayedNameRemoval && !seen.add(l)) {
        throw PromQLException.execution("vector cannot contain metrics with the same labelset");
      }
    }
    return new Vector(out);
  }

  static Matrix matrix(QueryContext ctx, SeriesStream stream, Steps steps) {
    Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
    for (StepSeries s = stream.next(); s != null; s = stream.next()) {
      ctx.checkCanceled();
      int n = s.count();
      if (n == 0) {
        continue;
      }
      ctx.acquire(n);
      Labels l = ctx.delayedNameRemoval && s.dropName ? QueryContext.dropMetricName(s.labels) : s.labels;
      StepSeries existing = byLabels.get(l);
      if (existing == null) {
        StepSeries c = s.copy();
        c.labels = l;
        byLabels.put(l, c);
      } else {
        if (existing.overlaps(s)) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
        existing.mergeFrom(s);
      }
    }
    List<Series> out = new ArrayList<>(byLabels.size());
    for (StepSeries s : byLabels.values()) {
      int n = s.count();
      long[] ts = new long[n];
      double[] vs = new double[n];
      int i = 0;
      for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
        ts[i] = steps.time(k);
        vs[i++] = s.values[k];
      }
      out.add(new Series(s.labels, ts, vs));
    }
    out.sort((a, b) -> a.metric().compareTo(b.metric()));
    return new Matrix(out);
  }

  static Matrix rawMatrix(QueryContext ctx, List<Evaluator.RawSeries> raw) {
    Map<Labels, List<Evaluator.RawSeries>> byLabels = new LinkedHashMap<>();
    for (Evaluator.RawSeries r : raw) {
      Labels l = ctx.delayedNameRemoval && r.dropName() ? QueryContext.dropMetricName(r.labels()) : r.labels();
      byLabels.computeIfAbsent(l, x -> new ArrayList<>()).add(r);
    }
    List<Series> out = new ArrayList<>(byLabels.size());
    for (Map.Entry<Labels, List<Evaluator.RawSeries>> e : byLabels.entrySet()) {
      List<Evaluator.RawSeries> parts = e.getValue();
      if (parts.size() == 1) {
        out.add(new Series(e.getKey(), parts.get(0).ts(), parts.get(0).vs()));
        continue;
      }
      int n = 0;
      for (Evaluator.RawSeries p : parts) {
        n += p.ts().length;
      }
      long[][] points = new long[n][];
      double[] values = new double[n];
      int i = 0;
      for (Evaluator.RawSeries p : parts) {
        for (int j = 0; j < p.ts().length; j++) {
          points[i] = new long[] {p.ts()[j], i};
          values[i] = p.vs()[j];
          i++;
        }
      }
      Arrays.sort(points, (a, b) -> Long.compare(a[0], b[0]));
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int k = 0; k < n; k++) {
        ts[k] = points[k][0];
        vs[k] = values[(int) points[k][1]];
        if (k > 0 && ts[k] == ts[k - 1]) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
      }
      out.add(new Series(e.getKey(), ts, vs));
    }
    out.sort((a, b) -> a.metric().compareTo(b.metric()));
    return new Matrix(out);
  }
}
