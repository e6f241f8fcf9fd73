package io.strata.promql.engine;

import io.strata.model.LabelMatcher;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.AggregateOp;
import io.strata.promql.ast.AtModifier;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.GoStrings;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.StringLiteral;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.ValueType;
import io.strata.promql.ast.VectorSelector;
import io.strata.promql.storage.SelectHints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns expressions into operators over a step grid. {@link #vector} returns a stream of series,
 * {@link #scalar} a value per step; {@link #matrix} evaluates a range-vector result of an instant query.
 */
final class Evaluator {
  final QueryContext ctx;
  private final Set<Expr> stepInvariant;
  private final Map<VectorSelector, HintContext> hintContexts = new IdentityHashMap<>();
  /** The query's step (0 for instant queries), for {@code step()}. */
  final long queryStep;

  /** What an enclosing function or aggregation tells storage (Prometheus' select hints). */
  private record HintContext(String func, boolean by, List<String> grouping) {}

  Evaluator(QueryContext ctx, Expr root, long queryStep) {
    this.ctx = ctx;
    this.queryStep = queryStep;
    this.stepInvariant = StepInvariance.analyse(root);
    collectHints(root, "", null);
  }

  private void collectHints(Expr e, String func, AggregateExpr parentAggregate) {
    switch (e) {
      case VectorSelector vs -> hintContexts.put(vs, new HintContext(func,
          parentAggregate != null && !parentAggregate.without(),
          parentAggregate == null ? List.of() : parentAggregate.grouping()));
      case Call c -> c.args().forEach(a -> collectHints(a, c.name(), null));
      case AggregateExpr a -> {
        collectHints(a.expr(), a.op().text(), a);
        if (a.param() != null) {
          collectHints(a.param(), a.op().text(), null);
        }
      }
      case BinaryExpr b -> {
        collectHints(b.lhs(), "", null);
        collectHints(b.rhs(), "", null);
      }
      default -> e.children().forEach(c -> collectHints(c, func, null));
    }
  }

  // ---- instant vectors ----

  SeriesStream vector(Expr e, Steps steps) {
    if (steps.count() == 0) {
      return SeriesStream.EMPTY;
    }
    if (steps.count() > 1 && stepInvariant.contains(e)) {
      return broadcast(vectorDirect(e, first(steps)), steps);
    }
    return vectorDirect(e, steps);
  }

  private static Steps first(Steps s) {
    return new Steps(s.start(), s.start(), s.interval());
  }

  private SeriesStream broadcast(SeriesStream single, Steps steps) {
    StepSeries buf = new StepSeries(null, steps.count());
    return () -> {
      for (StepSeries s = single.next(); s != null; s = single.next()) {
        if (!s.has(0)) {
          continue;
        }
        buf.reset(s.labels);
        buf.dropName = s.dropName;
        for (int k = 0; k < steps.count(); k++) {
          buf.set(k, s.values[0]);
        }
        return buf;
      }
      return null;
    };
  }

  private SeriesStream vectorDirect(Expr e, Steps steps) {
    return switch (e) {
      case VectorSelector vs -> selector(vs, steps, false);
      case ParenExpr p -> vector(p.expr(), steps);
      case UnaryExpr u -> u.negate() ? negate(vector(u.expr(), steps), steps) : vector(u.expr(), steps);
      case BinaryExpr b -> binary(b, steps);
      case AggregateExpr a -> aggregate(a, steps);
      case Call c -> call(c, steps);
      default -> throw new IllegalStateException("not an instant vector expression: " + e);
    };
  }

  SeriesStream selector(VectorSelector vs, Steps steps, boolean timestamps) {
    Long at = at(vs.timestamp(), vs.at());
    long offset = offset(vs.offsetMillis(), vs.offsetExpr());
    if (vs.smoothed() && !timestamps) {
      long first = (at != null ? at : steps.start()) - offset;
      long last = (at != null ? at : steps.end()) - offset;
      SelectHints hints = hints(vs, first - ctx.lookbackMillis + 1, last + ctx.lookbackMillis, steps, 0);
      return smoothed(new MatrixSelectorSource(ctx, matchers(vs), hints), steps, at, offset);
    }
    if (timestamps && at != null) {
      offset = 0; // Prometheus' timestamp() over an @ selector looks up exactly the @ time.
    }
    long first = (at != null ? at : steps.start()) - offset;
    long last = (at != null ? at : steps.end()) - offset;
    SelectHints hints = hints(vs, first - ctx.lookbackMillis + 1, last, steps, 0);
    return new SelectorStream(ctx, matchers(vs), hints, steps, at, offset, timestamps);
  }

  /** A smoothed instant selector: each step's value interpolated between the samples around it. */
  private SeriesStream smoothed(MatrixSelectorSource source, Steps steps, Long at, long offset) {
    StepSeries buf = new StepSeries(null, steps.count());
    Window w = new Window();
    double[] value = new double[1];
    long lookback = ctx.lookbackMillis;
    return () -> {
      while (source.nextSeries()) {
        ctx.checkCanceled();
        buf.reset(source.labels());
        source.rewind(w);
        for (int k = 0; k < steps.count(); k++) {
          long ref = (at != null ? at : steps.time(k)) - offset;
          source.slide(w, ref - lookback, ref + lookback);
          if (ExtendedRanges.smoothedValue(w, ref, value)) {
            buf.set(k, value[0]);
          }
        }
        if (!buf.isEmpty()) {
          return buf;
        }
      }
      return null;
    };
  }

  private SelectHints hints(VectorSelector vs, long start, long end, Steps steps, long range) {
    HintContext h = hintContexts.getOrDefault(vs, new HintContext("", false, List.of()));
    return new SelectHints(start, end, steps.isInstant() ? 0 : steps.interval(), range, h.func(), h.by(),
        h.grouping());
  }

  static LabelMatcher[] matchers(VectorSelector vs) {
    return vs.matchers().toArray(new LabelMatcher[0]);
  }

  /** The {@code @} time of a selector or subquery in milliseconds, or null. */
  Long at(Long timestamp, AtModifier modifier) {
    if (timestamp != null) {
      return timestamp;
    }
    return switch (modifier) {
      case START -> Long.valueOf(ctx.queryStart);
      case END -> Long.valueOf(ctx.queryEnd);
      case NONE -> null;
    };
  }

  long offset(long millis, DurationExpr expr) {
    return expr == null ? millis : DurationEvaluator.evaluate(this, expr, true);
  }

  private SeriesStream negate(SeriesStream in, Steps steps) {
    SeriesStream negated = () -> {
      StepSeries s = in.next();
      if (s == null) {
        return null;
      }
      for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
        s.values[k] = -s.values[k];
      }
      if (!ctx.delayedNameRemoval) {
        s.labels = QueryContext.dropMetricName(s.labels);
      }
      s.dropName = true;
      return s;
    };
    return ctx.delayedNameRemoval ? negated : BinaryOperators.merge(ctx, negated, steps);
  }

  private SeriesStream binary(BinaryExpr b, Steps steps) {
    ValueType lt = b.lhs().type();
    ValueType rt = b.rhs().type();
    if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
      return BinaryOperators.vectorVector(ctx, b, vector(b.lhs(), steps), vector(b.rhs(), steps), steps);
    }
    if (lt == ValueType.VECTOR) {
      SeriesStream v = vector(b.lhs(), steps);
      return BinaryOperators.vectorScalar(ctx, b, v, scalar(b.rhs(), steps), false, steps);
    }
    double[] s = scalar(b.lhs(), steps);
    return BinaryOperators.vectorScalar(ctx, b, vector(b.rhs(), steps), s, true, steps);
  }

  private SeriesStream aggregate(AggregateExpr a, Steps steps) {
    if (a.op() == AggregateOp.COUNT_VALUES) {
      String label = string(a.param());
      if (!GoStrings.isValidLabelName(label)) {
        throw PromQLException.execution("invalid label name " + GoStrings.quote(label));
      }
      List<String> grouping = new ArrayList<>(a.grouping());
      if (!a.without()) {
        grouping.add(label);
      }
      return new CountValues(ctx, vector(a.expr(), steps), new Grouping(grouping, a.without()), label, steps);
    }
    double[] param = null;
    if (a.param() != null) {
      param = scalar(a.param(), steps);
    }
    Grouping grouping = new Grouping(a.grouping(), a.without());
    SeriesStream input = vector(a.expr(), steps);
    return switch (a.op()) {
      case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO -> new TopK(ctx, a.op(), input, grouping, steps, param,
          a.param().positionRange());
      default -> new Aggregation(ctx, a.op(), input, grouping, steps, param,
          a.param() == null ? null : a.param().positionRange());
    };
  }

  private SeriesStream call(Call c, Steps steps) {
    Functions.Def def = Functions.get(c.name());
    return switch (def.kind()) {
      case INSTANT -> instantFunction(c, def, steps);
      case RANGE -> rangeFunction(c, def, steps);
      case SPECIAL -> SpecialFunctions.vector(this, c, steps);
    };
  }

  private SeriesStream instantFunction(Call c, Functions.Def def, Steps steps) {
    if (c.args().isEmpty()) {
      // Date functions without argument apply to vector(time()).
      return InstantFunctionStream.of(ctx, SpecialFunctions.timeVector(steps), def.instant(), new double[0][],
          c.name(), steps, false);
    }
    SeriesStream input = vector(c.args().get(0), steps);
    double[][] args = new double[c.args().size() - 1][];
    for (int i = 1; i < c.args().size(); i++) {
      args[i - 1] = scalar(c.args().get(i), steps);
    }
    return InstantFunctionStream.of(ctx, input, def.instant(), args, c.name(), steps, true);
  }

  private SeriesStream rangeFunction(Call c, Functions.Def def, Steps steps) {
    int matrixIndex = -1;
    for (int i = 0; i < c.args().size(); i++) {
      if (c.function().argTypes().get(Math.min(i, c.function().argTypes().size() - 1)) == ValueType.MATRIX) {
        matrixIndex = i;
        break;
      }
    }
    double[][] scalars = new double[c.args().size() - 1][];
    int j = 0;
    for (int i = 0; i < c.args().size(); i++) {
      if (i != matrixIndex) {
        scalars[j++] = scalar(c.args().get(i), steps);
      }
    }
    Expr arg = c.args().get(matrixIndex);
    RangeArgument ra = rangeArgument(arg, steps, c.name());
    boolean counterInfo = c.name().equals("rate") || c.name().equals("increase");
    return new RangeFunctionStream(ctx, ra.source(), def.range(), steps, ra.range(), ra.offset(), ra.at(), scalars,
        def.keepsName(), counterInfo, arg.positionRange(), c.args().get(0).positionRange(), ra.anchored(),
        ra.smoothed());
  }

  private static final java.util.Set<String> ANCHORED_FUNCTIONS =
      java.util.Set.of("changes", "delta", "increase", "rate", "resets");
  private static final java.util.Set<String> SMOOTHED_FUNCTIONS = java.util.Set.of("delta", "increase", "rate");

  /**
   * A range vector argument ready for sliding windows: its series, range, offset, {@code @} time and the
   * experimental extended-range flags.
   */
  record RangeArgument(RangeSource source, long range, long offset, Long at, boolean anchored, boolean smoothed) {}

  /**
   * @param function the function the range vector is passed to, checked against what anchored and smoothed
   *     selectors allow; null for a range vector returned as the result
   */
  RangeArgument rangeArgument(Expr arg, Steps steps, String function) {
    while (arg instanceof ParenExpr p) {
      arg = p.expr();
    }
    if (arg instanceof MatrixSelector ms) {
      VectorSelector vs = ms.selector();
      if (function != null && vs.anchored() && !ANCHORED_FUNCTIONS.contains(function)) {
        throw PromQLException.execution("anchored modifier can only be used with: "
            + String.join(", ", new java.util.TreeSet<>(ANCHORED_FUNCTIONS)) + " - not with " + function);
      }
      if (function != null && vs.smoothed() && !SMOOTHED_FUNCTIONS.contains(function)) {
        throw PromQLException.execution("smoothed modifier can only be used with: "
            + String.join(", ", new java.util.TreeSet<>(SMOOTHED_FUNCTIONS)) + " - not with " + function);
      }
      long range = ms.rangeExpr() == null ? ms.rangeMillis() : DurationEvaluator.evaluate(this, ms.rangeExpr(), false);
      Long at = at(vs.timestamp(), vs.at());
      long offset = offset(vs.offsetMillis(), vs.offsetExpr());
      long extra = vs.anchored() || vs.smoothed() ? ctx.lookbackMillis : 0;
      long first = (at != null ? at : steps.start()) - offset;
      long last = (at != null ? at : steps.end()) - offset + (vs.smoothed() ? ctx.lookbackMillis : 0);
      SelectHints hints = hints(vs, first - range - extra + 1, last, steps, range);
      return new RangeArgument(new MatrixSelectorSource(ctx, matchers(vs), hints), range, offset, at, vs.anchored(),
          vs.smoothed());
    }
    SubqueryExpr sq = (SubqueryExpr) arg;
    Subquery sub = subquery(sq, steps);
    return new RangeArgument(new SubquerySource(vector(sq.expr(), sub.steps()), sub.steps()), sub.range(),
        sub.offset(), sub.at(), false, false);
  }

  /** A subquery's inner grid, range, offset and {@code @} time. */
  record Subquery(Steps steps, long range, long offset, Long at) {}

  /**
   * The inner evaluation grid of a subquery: aligned to multiples of its step (Prometheus'
   * {@code subqueryTimeRange}), from the first aligned time after the earliest window start to the last
   * window end.
   */
  Subquery subquery(SubqueryExpr sq, Steps outer) {
    long range = sq.rangeExpr() == null ? sq.rangeMillis() : DurationEvaluator.evaluate(this, sq.rangeExpr(), false);
    long step = sq.stepExpr() != null ? DurationEvaluator.evaluate(this, sq.stepExpr(), false) : sq.stepMillis();
    if (step == 0) {
      step = ctx.options.noStepSubqueryInterval().applyAsLong(range);
    }
    long offset = offset(sq.offsetMillis(), sq.offsetExpr());
    Long at = at(sq.timestamp(), sq.at());
    long refStart = (at != null ? at : outer.start()) - offset;
    long refEnd = (at != null ? at : outer.alignedEnd()) - offset;
    long start = step * ((refStart - range) / step);
    if (start <= refStart - range) {
      start += step;
    }
    return new Subquery(new Steps(start, refEnd, step), range, offset, at);
  }

  // ---- scalars ----

  double[] scalar(Expr e, Steps steps) {
    int n = steps.count();
    if (n > 1 && stepInvariant.contains(e)) {
      double v = scalarDirect(e, first(steps))[0];
      double[] out = new double[n];
      Arrays.fill(out, v);
      return out;
    }
    return scalarDirect(e, steps);
  }

  private double[] scalarDirect(Expr e, Steps steps) {
    int n = steps.count();
    switch (e) {
      case NumberLiteral num -> {
        double[] out = new double[n];
        Arrays.fill(out, num.value());
        return out;
      }
      case ParenExpr p -> {
        return scalar(p.expr(), steps);
      }
      case UnaryExpr u -> {
        double[] v = scalar(u.expr(), steps);
        if (u.negate()) {
          for (int i = 0; i < n; i++) {
            v[i] = -v[i];
          }
        }
        return v;
      }
      case BinaryExpr b -> {
        double[] l = scalar(b.lhs(), steps);
        double[] r = scalar(b.rhs(), steps);
        for (int i = 0; i < n; i++) {
          l[i] = BinaryOperators.scalarOp(b.op(), l[i], r[i]);
        }
        return l;
      }
      case Call c -> {
        return SpecialFunctions.scalar(this, c, steps);
      }
      case DurationExpr d -> {
        double[] out = new double[n];
        Arrays.fill(out, DurationEvaluator.evaluateSeconds(this, d));
        return out;
      }
      default -> throw new IllegalStateException("not a scalar expression: " + e);
    }
  }

  String string(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return ((StringLiteral) e).value();
  }

  // ---- range vectors as results of instant queries ----

  /** A raw series of a matrix result: points with their own timestamps. */
  record RawSeries(io.strata.model.Labels labels, long[] ts, double[] vs, boolean dropName) {}

  List<RawSeries> matrix(Expr e, Steps steps) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    List<RawSeries> out = new ArrayList<>();
    if (e instanceof SubqueryExpr sq) {
      Subquery sub = subquery(sq, steps);
      SeriesStream inner = vector(sq.expr(), sub.steps());
      for (StepSeries s = inner.next(); s != null; s = inner.next()) {
        int n = s.count();
        long[] ts = new long[n];
        double[] vs = new double[n];
        int i = 0;
        for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
          ts[i] = sub.steps().time(k);
          vs[i++] = s.values[k];
        }
        ctx.acquire(n);
        out.add(new RawSeries(s.labels, ts, vs, s.dropName));
      }
      return out;
    }
    RangeArgument ra = rangeArgument(e, steps, null);
    RangeSource src = ra.source();
    Window w = new Window();
    long ref = (ra.at() != null ? ra.at() : steps.start()) - ra.offset();
    boolean extended = ra.anchored() || ra.smoothed();
    long mint = ref - ra.range() - (extended ? ctx.lookbackMillis : 0);
    long maxt = ref + (ra.smoothed() ? ctx.lookbackMillis : 0);
    while (src.nextSeries()) {
      ctx.checkCanceled();
      src.rewind(w);
      src.slide(w, mint, maxt);
      if (w.isEmpty()) {
        continue;
      }
      long[] ts = Arrays.copyOfRange(w.ts, w.from, w.to);
      double[] vs = Arrays.copyOfRange(w.vs, w.from, w.to);
      if (extended) {
        ExtendedRanges.Points p = ExtendedRanges.extendPoints(ts, vs, ref - ra.range(), ref, ra.smoothed());
        if (p.ts().length == 0) {
          continue;
        }
        ts = p.ts();
        vs = p.vs();
      }
      ctx.acquire(ts.length);
      out.add(new RawSeries(src.labels(), ts, vs, src.dropName()));
    }
    return out;
  }
}
