package io.strata.promql.engine;

import io.strata.model.GoFloat;
import io.strata.model.Labels;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.AggregateOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topk}, {@code bottomk} and {@code limitk}: per group and step, a bounded heap of (series, value)
 * maintained with the same sift rules as Go's {@code container/heap}, so that ties resolve as in Prometheus.
 * Input series are streamed; only their labels and the heaps are kept. Output series are input series,
 * each with the steps at which it made the cut; an instant query lists them per group, best first.
 */
final class TopK implements SeriesStream {
  private static final double MAX_INT64 = 9223372036854774784.0;
  private static final double MIN_INT64 = -9223372036854775808.0;

  private final QueryContext ctx;
  private final AggregateOp op;
  private final SeriesStream input;
  private final Grouping grouping;
  private final Steps steps;
  private final double[] param;
  private final io.strata.promql.ast.PositionRange paramPosition;
  private SeriesStream output;

  TopK(QueryContext ctx, AggregateOp op, SeriesStream input, Grouping grouping, Steps steps, double[] param,
      io.strata.promql.ast.PositionRange paramPosition) {
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
      output = compute();
    }
    return output.next();
  }

  /** A heap of series indexes ordered by value; the root is the first to evict. */
  private final class Heap {
    int[] idx = new int[2];
    double[] val = new double[2];
    int size;

    /** Whether entry i must sit above entry j (Prometheus' Less with NaN treated as smallest/largest). */
    boolean less(int i, int j) {
      double vi = val[i];
      if (Double.isNaN(vi)) {
        return true;
      }
      return op == AggregateOp.BOTTOMK ? vi > val[j] : vi < val[j];
    }

    void swap(int i, int j) {
      int ti = idx[i];
      idx[i] = idx[j];
      idx[j] = ti;
      double tv = val[i];
      val[i] = val[j];
      val[j] = tv;
    }

    void push(int series, double v) {
      if (size == idx.length) {
        idx = Arrays.copyOf(idx, size * 2);
        val = Arrays.copyOf(val, size * 2);
      }
      idx[size] = series;
      val[size] = v;
      size++;
      up(size - 1);
    }

    void up(int j) {
      while (true) {
        int i = (j - 1) / 2;
        if (i == j || !less(j, i)) {
          break;
        }
        swap(i, j);
        j = i;
      }
    }

    boolean down(int i0, int n) {
      int i = i0;
      while (true) {
        int j1 = 2 * i + 1;
        if (j1 >= n || j1 < 0) {
          break;
        }
        int j = j1;
        int j2 = j1 + 1;
        if (j2 < n && less(j2, j1)) {
          j = j2;
        }
        if (!less(j, i)) {
          break;
        }
        swap(i, j);
        i = j;
      }
      return i > i0;
    }

    void fixRoot() {
      if (!down(0, size)) {
        up(0);
      }
    }
  }

  private SeriesStream compute() {
    int n = steps.count();
    boolean ratio = op == AggregateOp.LIMIT_RATIO;
    boolean limit = op == AggregateOp.LIMITK || ratio;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    boolean nan = false;
    for (double p : param) {
      if (Double.isNaN(p)) {
        nan = true;
      }
      max = Math.max(max, p);
      min = Math.min(min, p);
    }
    if (ratio) {
      if (!nan && max == 0 && min == 0) {
        drain();
        return SeriesStream.EMPTY;
      }
      if (nan) {
        throw PromQLException.execution("Ratio value is NaN");
      }
      if (max > 1) {
        ctx.warn("ratio value should be between -1 and 1, got " + GoFloat.formatG(max) + ", capping to 1",
            paramPosition);
      }
      if (min < -1) {
        ctx.warn("ratio value should be between -1 and 1, got " + GoFloat.formatG(min) + ", capping to -1",
            paramPosition);
      }
      return collectSampled(n);
    }
    if (!nan && max < 1) {
      drain();
      return SeriesStream.EMPTY;
    }
    if (nan) {
      throw PromQLException.execution("Parameter value is NaN");
    }
    if (min <= MIN_INT64) {
      throw PromQLException.execution("Scalar value " + GoFloat.formatG(min) + " underflows int64");
    }
    if (max >= MAX_INT64) {
      throw PromQLException.execution("Scalar value " + GoFloat.formatG(max) + " overflows int64");
    }
    List<Labels> seriesLabels = new ArrayList<>();
    List<Boolean> seriesDropName = new ArrayList<>();
    Map<Labels, Heap[]> groups = new HashMap<>();
    List<Heap[]> groupOrder = new ArrayList<>();
    for (StepSeries s = input.next(); s != null; s = input.next()) {
      ctx.checkCanceled();
      int si = seriesLabels.size();
      seriesLabels.add(s.labels);
      seriesDropName.add(s.dropName);
      Labels key = grouping.of(s.labels);
      Heap[] heaps = groups.get(key);
      if (heaps == null) {
        heaps = new Heap[n];
        groups.put(key, heaps);
        groupOrder.add(heaps);
      }
      for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
        long kk = (long) param[k];
        if (kk < 1) {
          continue;
        }
        double f = s.values[k];
        Heap h = heaps[k];
        if (h == null) {
          h = new Heap();
          heaps[k] = h;
        }
        if (h.size < kk) {
          ctx.acquire(1);
          if (limit) {
            appendUnordered(h, si, f);
          } else {
            h.push(si, f);
          }
        } else if (!limit && replaces(h.val[0], f)) {
          h.idx[0] = si;
          h.val[0] = f;
          if (kk > 1) {
            h.fixRoot();
          }
        }
      }
    }
    return collect(n, seriesLabels, seriesDropName, groupOrder);
  }

  /**
   * {@code limit_ratio(r, v)}: a series is kept at a step when its label hash, as a fraction of the largest
   * hash, is below {@code r} (or, for negative {@code r}, at least {@code 1 + r}), so that {@code r} and
   * {@code -(1 - r)} select complementary series, as in Prometheus.
   */
  private SeriesStream collectSampled(int n) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s = input.next(); s != null; s = input.next()) {
      ctx.checkCanceled();
      double offset = XxHash64.unsignedToDouble(XxHash64.labelsHash(s.labels)) / 1.8446744073709552e19;
      StepSeries kept = null;
      for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
        double r = Math.max(-1, Math.min(1, param[k]));
        if (param[k] == 0 || !((r >= 0 && offset < r) || (r < 0 && offset >= 1 + r))) {
          continue;
        }
        if (kept == null) {
          kept = new StepSeries(s.labels, n);
          kept.dropName = s.dropName;
        }
        kept.set(k, s.values[k]);
      }
      if (kept != null) {
        ctx.acquire(kept.count());
        out.add(kept);
      }
    }
    return SeriesStream.of(out);
  }

  private static void appendUnordered(Heap h, int si, double f) {
    if (h.size == h.idx.length) {
      h.idx = Arrays.copyOf(h.idx, h.size * 2);
      h.val = Arrays.copyOf(h.val, h.size * 2);
    }
    h.idx[h.size] = si;
    h.val[h.size] = f;
    h.size++;
  }

  /** Whether {@code f} beats the current root of a full heap. */
  private boolean replaces(double root, double f) {
    if (Double.isNaN(root) && !Double.isNaN(f)) {
      return true;
    }
    return op == AggregateOp.BOTTOMK ? root > f : root < f;
  }

  private void drain() {
    while (input.next() != null) {
      ctx.checkCanceled();
    }
  }

  private SeriesStream collect(int n, List<Labels> labels, List<Boolean> dropName, List<Heap[]> groupOrder) {
    Map<Integer, StepSeries> out = new LinkedHashMap<>();
    long held = 0;
    for (Heap[] heaps : groupOrder) {
      for (int k = 0; k < n; k++) {
        Heap h = heaps[k];
        if (h == null || h.size == 0) {
          continue;
        }
        held += h.size;
        int[] order = steps.isInstant() && op != AggregateOp.LIMITK ? sortedOrder(h) : identity(h.size);
        for (int i : order) {
          int si = h.idx[i];
          StepSeries s = out.get(si);
          if (s == null) {
            s = new StepSeries(labels.get(si), n);
            s.dropName = dropName.get(si);
            out.put(si, s);
          }
          s.set(k, h.val[i]);
        }
      }
    }
    ctx.release(held);
    return SeriesStream.of(new ArrayList<>(out.values()));
  }

  private static int[] identity(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** Heap entries best first: descending for topk, ascending for bottomk, NaN last. */
  private int[] sortedOrder(Heap h) {
    Integer[] order = new Integer[h.size];
    for (int i = 0; i < h.size; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      double va = h.val[a];
      double vb = h.val[b];
      if (Double.isNaN(va) || Double.isNaN(vb)) {
        return Boolean.compare(Double.isNaN(va), Double.isNaN(vb));
      }
      return op == AggregateOp.BOTTOMK ? Double.compare(va, vb) : Double.compare(vb, va);
    });
    int[] r = new int[h.size];
    for (int i = 0; i < r.length; i++) {
      r[i] = order[i];
    }
    return r;
  }
}
