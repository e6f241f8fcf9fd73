package io.strata.promql.engine;

import io.strata.model.GoFloat;
import io.strata.model.Labels;
import io.strata.promql.ast.AggregateOp;
import io.strata.promql.ast.PositionRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sum}, {@code avg}, {@code count}, {@code min}, {@code max}, {@code group}, {@code stddev},
 * {@code stdvar} and {@code quantile}: consumes its input one series at a time, folding each value into its
 * group's per-step state, so memory holds only the groups. The per-step arithmetic is Prometheus'
 * (Kahan-compensated sums, a mean that switches to incremental computation when the sum would overflow,
 * Welford's variance); values are folded in input order, as Prometheus does at each step.
 */
final class Aggregation implements SeriesStream {
  private final QueryContext ctx;
  private final AggregateOp op;
  private final SeriesStream input;
  private final Grouping grouping;
  private final Steps steps;
  private final double[] param;
  private final PositionRange paramPosition;
  private SeriesStream output;

  Aggregation(QueryContext ctx, AggregateOp op, SeriesStream input, Grouping grouping, Steps steps, double[] param,
      PositionRange paramPosition) {
    this.ctx = ctx;
    this.op = op;
    this.input = input;
    this.grouping = grouping;
    this.steps = steps;
    this.param = param;
    this.paramPosition = paramPosition;
  }

  @Override
  public StepSeries next() {
    if (output == null) {
      output = aggregate();
    }
    return output.next();
  }

  /** Per-group state, one slot per step. */
  private static final class Group {
    final Labels labels;
    final long[] seen;
    final long[] dropName;
    final double[] value;
    double[] comp;
    double[] mean;
    double[] count;
    long[] incremental;
    double[][] samples;
    int[] sampleCount;

    Group(Labels labels, int n, AggregateOp op) {
      this.labels = labels;
      this.seen = new long[(n + 63) >>> 6];
      this.dropName = new long[(n + 63) >>> 6];
      this.value = new double[n];
      switch (op) {
        case SUM -> comp = new double[n];
        case AVG -> {
          comp = new double[n];
          mean = new double[n];
          count = new double[n];
          incremental = new long[(n + 63) >>> 6];
        }
        case COUNT, STDDEV, STDVAR -> {
          count = new double[n];
          mean = new double[n];
        }
        case QUANTILE -> {
          samples = new double[n][];
          sampleCount = new int[n];
        }
        default -> {
          // MIN, MAX and GROUP only need the value.
        }
      }
    }
  }

  private static boolean bit(long[] bits, int i) {
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private static void setBit(long[] bits, int i, boolean v) {
    if (v) {
      bits[i >>> 6] |= 1L << i;
    } else {
      bits[i >>> 6] &= ~(1L << i);
    }
  }

  private SeriesStream aggregate() {
    if (op == AggregateOp.QUANTILE) {
      warnQuantileParam();
    }
    int n = steps.count();
    Map<Labels, Group> groups = new HashMap<>();
    List<Group> order = new ArrayList<>();
    Labels lastIn = null;
    Group lastGroup = null;
    for (StepSeries s = input.next(); s != null; s = input.next()) {
      ctx.checkCanceled();
      Group g;
      if (s.labels == lastIn && lastGroup != null) {
        g = lastGroup;
      } else {
        Labels key = grouping.of(s.labels);
        g = groups.get(key);
        if (g == null) {
          g = new Group(key, n, op);
          groups.put(key, g);
          order.add(g);
          ctx.acquire(n);
        }
        lastIn = s.labels;
        lastGroup = g;
      }
      fold(g, s);
    }
    List<StepSeries> out = new ArrayList<>(order.size());
    for (Group g : order) {
      StepSeries r = finish(g, n);
      if (r != null) {
        out.add(r);
      }
    }
    long toRelease = (long) order.size() * n;
    SeriesStream list = SeriesStream.of(out);
    return () -> {
      StepSeries r = list.next();
      if (r == null) {
        ctx.release(toRelease);
      }
      return r;
    };
  }

  private void fold(Group g, StepSeries s) {
    double[] vs = s.values;
    for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
      double f = vs[k];
      if (!bit(g.seen, k)) {
        setBit(g.seen, k, true);
        setBit(g.dropName, k, s.dropName);
        init(g, k, f);
        continue;
      }
      if (s.dropName) {
        setBit(g.dropName, k, true);
      }
      switch (op) {
        case SUM -> Kahan.add(g.value, g.comp, k, f);
        case AVG -> foldAvg(g, k, f);
        case COUNT -> g.count[k]++;
        case MIN -> {
          if (g.value[k] > f || Double.isNaN(g.value[k])) {
            g.value[k] = f;
          }
        }
        case MAX -> {
          if (g.value[k] < f || Double.isNaN(g.value[k])) {
            g.value[k] = f;
          }
        }
        case STDDEV, STDVAR -> {
          g.count[k]++;
          double delta = f - g.mean[k];
          g.mean[k] += delta / g.count[k];
          g.value[k] += delta * (f - g.mean[k]);
        }
        case QUANTILE -> addSample(g, k, f);
        default -> {
          // GROUP: nothing to add.
        }
      }
    }
  }

  private void init(Group g, int k, double f) {
    g.value[k] = f;
    switch (op) {
      case SUM -> g.comp[k] = 0;
      case AVG -> {
        g.comp[k] = 0;
        g.mean[k] = f;
        g.count[k] = 1;
        setBit(g.incremental, k, false);
      }
      case COUNT -> g.count[k] = 1;
      case STDDEV, STDVAR -> {
        g.count[k] = 1;
        g.mean[k] = f;
        g.value[k] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
      }
      case GROUP -> g.value[k] = 1;
      case QUANTILE -> {
        g.sampleCount[k] = 0;
        addSample(g, k, f);
      }
      default -> {
        // MIN and MAX start from the value.
      }
    }
  }

  /** Direct mean while the running sum stays finite, then an incremental mean (Prometheus' approach). */
  private static void foldAvg(Group g, int k, double f) {
    g.count[k]++;
    double count = g.count[k];
    if (!bit(g.incremental, k)) {
      double sum = g.value[k];
      double c = g.comp[k];
      Kahan.add(g.value, g.comp, k, f);
      if (!Double.isInfinite(g.value[k])) {
        return;
      }
      g.value[k] = sum;
      g.comp[k] = c / (count - 1);
      setBit(g.incremental, k, true);
      g.mean[k] = sum / (count - 1);
    }
    double q = (count - 1) / count;
    double[] m = {q * g.mean[k]};
    double[] c = {q * g.comp[k]};
    Kahan.add(m, c, 0, f / count);
    g.mean[k] = m[0];
    g.comp[k] = c[0];
  }

  private static void addSample(Group g, int k, double f) {
    double[] a = g.samples[k];
    int c = g.sampleCount[k];
    if (a == null) {
      a = new double[4];
      g.samples[k] = a;
    } else if (c == a.length) {
      a = java.util.Arrays.copyOf(a, c * 2);
      g.samples[k] = a;
    }
    a[c] = f;
    g.sampleCount[k] = c + 1;
  }

  private StepSeries finish(Group g, int n) {
    StepSeries r = new StepSeries(g.labels, n);
    int lastSeen = -1;
    for (int k = 0; k < n; k++) {
      if (!bit(g.seen, k)) {
        continue;
      }
      lastSeen = k;
      double v = switch (op) {
        case SUM -> g.value[k] + g.comp[k];
        case AVG -> bit(g.incremental, k) ? g.mean[k] + g.comp[k]
            : g.value[k] / g.count[k] + g.comp[k] / g.count[k];
        case COUNT -> g.count[k];
        case STDVAR -> g.value[k] / g.count[k];
        case STDDEV -> Math.sqrt(g.value[k] / g.count[k]);
        case QUANTILE -> Quantiles.quantile(param[k], g.samples[k], g.sampleCount[k]);
        default -> g.value[k];
      };
      r.set(k, v);
    }
    if (lastSeen < 0) {
      return null;
    }
    // Prometheus overwrites the group's name-dropping mark at every step, so the last step decides.
    r.dropName = bit(g.dropName, lastSeen);
    return r;
  }

  private void warnQuantileParam() {
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (double q : param) {
      if (Double.isNaN(q)) {
        nan = true;
      } else {
        max = Math.max(max, q);
        min = Math.min(min, q);
      }
    }
    if (nan) {
      ctx.warn("quantile value should be between 0 and 1, got NaN", paramPosition);
    }
    if (max > 1) {
      ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(max), paramPosition);
    }
    if (min < 0) {
      ctx.warn("quantile value should be between 0 and 1, got " + GoFloat.formatG(min), paramPosition);
    }
  }
}
