package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.BinaryOp;
import io.strata.promql.ast.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operators: scalar/scalar arithmetic, vector/scalar (streamed), and vector/vector matching
 * (materialised) with one-to-one, many-to-one and one-to-many matching and the set operators, raising the
 * same errors as Prometheus' {@code VectorBinop} when matching is ambiguous.
 */
final class BinaryOperators {
  private BinaryOperators() {}

  /** Arithmetic or comparison of two floats; comparisons yield 1/0. */
  static double scalarOp(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> Math.pow(l, r);
      case MOD -> l % r;
      case EQLC -> l == r ? 1 : 0;
      case NEQ -> l != r ? 1 : 0;
      case GTR -> l > r ? 1 : 0;
      case LSS -> l < r ? 1 : 0;
      case GTE -> l >= r ? 1 : 0;
      case LTE -> l <= r ? 1 : 0;
      case ATAN2 -> Math.atan2(l, r);
      default -> throw PromQLException.execution("operator \"" + op.text() + "\" not allowed for Scalar operations");
    };
  }

  /** Whether a comparison holds ({@code keep}); arithmetic always keeps. */
  static boolean keep(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQLC -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> true;
    };
  }

  /** The value an element-wise operation yields (the left value for comparisons). */
  static double elementValue(BinaryOp op, double l, double r) {
    return op.isComparison() ? l : scalarOp(op, l, r);
  }

  private static void trimInfo(QueryContext ctx, BinaryExpr e) {
    ctx.info("incompatible sample types encountered for binary operator \"" + e.op().text() + "\": float "
        + e.op().text() + " float", e.positionRange());
  }

  // ---- vector / scalar ----

  /** {@code v op s} (or {@code s op v} with {@code scalarLeft}), streamed series by series. */
  static SeriesStream vectorScalar(QueryContext ctx, BinaryExpr e, SeriesStream vector, double[] scalar,
      boolean scalarLeft, Steps steps) {
    BinaryOp op = e.op();
    boolean changesName = op.changesMetricSchema() || e.returnBool();
    if (op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER) {
      SeriesStream filtered = () -> {
        for (StepSeries s = vector.next(); s != null; s = vector.next()) {
          if (!s.isEmpty()) {
            trimInfo(ctx, e);
          }
        }
        return null;
      };
      return filtered;
    }
    SeriesStream mapped = () -> {
      for (StepSeries s = vector.next(); s != null; s = vector.next()) {
        ctx.checkCanceled();
        for (int k = s.nextStep(0); k >= 0; k = s.nextStep(k + 1)) {
          double v = s.values[k];
          double l = scalarLeft ? scalar[k] : v;
          double r = scalarLeft ? v : scalar[k];
          boolean keep = keep(op, l, r);
          double value = op.isComparison() ? v : scalarOp(op, l, r);
          if (e.returnBool()) {
            value = keep ? 1 : 0;
            keep = true;
          }
          if (keep) {
            s.values[k] = value;
          } else {
            s.clear(k);
          }
        }
        if (s.isEmpty()) {
          continue;
        }
        if (changesName) {
          if (!ctx.delayedNameRemoval) {
            s.labels = QueryContext.dropMetricName(s.labels);
          }
          s.dropName = true;
        }
        return s;
      }
      return null;
    };
    if (changesName && !ctx.delayedNameRemoval) {
      return merge(ctx, mapped, steps);
    }
    return mapped;
  }

  /** Runs a stream whose labels may now collide through a {@link LabelMerger}. */
  static SeriesStream merge(QueryContext ctx, SeriesStream in, Steps steps) {
    LabelMerger m = new LabelMerger(ctx, steps.isInstant() && ctx.delayedNameRemoval);
    return new SeriesStream() {
      private SeriesStream out;

      @Override
      public StepSeries next() {
        if (out == null) {
          for (StepSeries s = in.next(); s != null; s = in.next()) {
            m.add(s, false);
          }
          out = m.stream();
        }
        return out.next();
      }
    };
  }

  // ---- vector / vector ----

  static SeriesStream vectorVector(QueryContext ctx, BinaryExpr e, SeriesStream lhsStream, SeriesStream rhsStream,
      Steps steps) {
    List<StepSeries> lhs = materialize(ctx, lhsStream);
    List<StepSeries> rhs = materialize(ctx, rhsStream);
    VectorMatching m = e.matching();
    Signature sig = new Signature(m);
    Map<Labels, Integer> ordinals = new HashMap<>();
    int[] lsig = new int[lhs.size()];
    int[] rsig = new int[rhs.size()];
    for (int i = 0; i < lhs.size(); i++) {
      lsig[i] = ordinals.computeIfAbsent(sig.of(lhs.get(i).labels), x -> ordinals.size());
    }
    for (int i = 0; i < rhs.size(); i++) {
      rsig[i] = ordinals.computeIfAbsent(sig.of(rhs.get(i).labels), x -> ordinals.size());
    }
    LabelMerger out = new LabelMerger(ctx, steps.isInstant() && ctx.delayedNameRemoval);
    SeriesStream result = switch (e.op()) {
      case AND, OR, UNLESS -> setOperation(ctx, e.op(), lhs, rhs, lsig, rsig, ordinals.size(), steps, out);
      default -> arithmetic(ctx, e, lhs, rhs, lsig, rsig, ordinals.size(), steps, out);
    };
    long held = 0;
    for (StepSeries s : lhs) {
      held += s.count();
    }
    for (StepSeries s : rhs) {
      held += s.count();
    }
    ctx.release(held);
    return result;
  }

  private static List<StepSeries> materialize(QueryContext ctx, SeriesStream s) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries x = s.next(); x != null; x = s.next()) {
      ctx.checkCanceled();
      ctx.acquire(x.count());
      out.add(x.copy());
    }
    return out;
  }

  /** The join signature of a series: the {@code on} labels, or all but the {@code ignoring} ones and the name. */
  private static final class Signature {
    private final Set<String> names;
    private final boolean on;

    Signature(VectorMatching m) {
      this.on = m.on();
      this.names = new HashSet<>(m.matchingLabels());
      if (!on) {
        names.add(Labels.METRIC_NAME);
      }
    }

    Labels of(Labels l) {
      return on ? l.keep(names) : l.without(names);
    }
  }

  private static SeriesStream setOperation(QueryContext ctx, BinaryOp op, List<StepSeries> lhs,
      List<StepSeries> rhs, int[] lsig, int[] rsig, int numSigs, Steps steps, LabelMerger out) {
    int n = steps.count();
    int[] stamp = new int[numSigs];
    java.util.Arrays.fill(stamp, -1);
    List<StepSeries> outL = new ArrayList<>(lhs.size());
    List<StepSeries> outR = new ArrayList<>(rhs.size());
    for (StepSeries s : lhs) {
      StepSeries o = new StepSeries(s.labels, n);
      o.dropName = s.dropName;
      outL.add(o);
    }
    for (StepSeries s : rhs) {
      StepSeries o = new StepSeries(s.labels, n);
      o.dropName = s.dropName;
      outR.add(o);
    }
    for (int k = 0; k < n; k++) {
      if ((k & 255) == 0) {
        ctx.checkCanceled();
      }
      switch (op) {
        case AND, UNLESS -> {
          boolean anyRight = false;
          for (int i = 0; i < rhs.size(); i++) {
            if (rhs.get(i).has(k)) {
              stamp[rsig[i]] = k;
              anyRight = true;
            }
          }
          for (int i = 0; i < lhs.size(); i++) {
            StepSeries l = lhs.get(i);
            if (!l.has(k)) {
              continue;
            }
            boolean matched = anyRight && stamp[lsig[i]] == k;
            if (matched == (op == BinaryOp.AND)) {
              outL.get(i).set(k, l.values[k]);
            }
          }
        }
        default -> { // OR
          for (int i = 0; i < lhs.size(); i++) {
            StepSeries l = lhs.get(i);
            if (l.has(k)) {
              stamp[lsig[i]] = k;
              outL.get(i).set(k, l.values[k]);
            }
          }
          for (int i = 0; i < rhs.size(); i++) {
            StepSeries r = rhs.get(i);
            if (r.has(k) && stamp[rsig[i]] != k) {
              outR.get(i).set(k, r.values[k]);
            }
          }
        }
      }
    }
    for (StepSeries o : outL) {
      out.add(o, true);
    }
    for (StepSeries o : outR) {
      out.add(o, true);
    }
    return out.stream();
  }

  private static SeriesStream arithmetic(QueryContext ctx, BinaryExpr e, List<StepSeries> lhsIn,
      List<StepSeries> rhsIn, int[] lsigIn, int[] rsigIn, int numSigs, Steps steps, LabelMerger out) {
    Arithmetic a = new Arithmetic(ctx, e, steps, numSigs, out);
    boolean swapped = e.matching().card() == VectorMatching.Cardinality.ONE_TO_MANY;
    // One-to-many is many-to-one with the sides swapped; values are swapped back when computed.
    a.run(swapped ? rhsIn : lhsIn, swapped ? lhsIn : rhsIn, swapped ? rsigIn : lsigIn, swapped ? lsigIn : rsigIn);
    return out.stream();
  }

  /**
   * Vector matching for arithmetic and comparisons, step by step, as Prometheus' {@code VectorBinop}: the
   * "one" side must be unique per signature, one-to-one matches must be unique, and the output label sets of
   * a group must differ. Experimental fill values stand in for a missing side.
   */
  private static final class Arithmetic {
    private final QueryContext ctx;
    private final BinaryExpr e;
    private final VectorMatching m;
    private final BinaryOp op;
    private final boolean swapped;
    private final boolean oneToOne;
    private final boolean trim;
    private final Steps steps;
    private final int n;
    private final int[] rightStamp;
    private final int[] rightAt;
    private final int[] matchedStamp;
    private final Map<Long, Labels> metricCache = new HashMap<>();
    private final Map<Labels, StepSeries> outputs = new java.util.LinkedHashMap<>();
    private final Set<Object> groupSeen = new HashSet<>();
    private final LabelMerger out;

    Arithmetic(QueryContext ctx, BinaryExpr e, Steps steps, int numSigs, LabelMerger out) {
      this.ctx = ctx;
      this.e = e;
      this.m = e.matching();
      this.op = e.op();
      this.swapped = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
      this.oneToOne = m.card() == VectorMatching.Cardinality.ONE_TO_ONE;
      this.trim = op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER;
      this.steps = steps;
      this.n = steps.count();
      this.rightStamp = new int[numSigs];
      this.rightAt = new int[numSigs];
      this.matchedStamp = new int[numSigs];
      this.out = out;
      java.util.Arrays.fill(rightStamp, -1);
      java.util.Arrays.fill(matchedStamp, -1);
    }

    void run(List<StepSeries> many, List<StepSeries> one, int[] manySig, int[] oneSig) {
      Double fillOne = m.fillRight();
      Double fillMany = m.fillLeft();
      boolean fill = fillOne != null || fillMany != null;
      for (int k = 0; k < n; k++) {
        if ((k & 255) == 0) {
          ctx.checkCanceled();
        }
        boolean anyOne = false;
        for (int i = 0; i < one.size(); i++) {
          StepSeries r = one.get(i);
          if (!r.has(k)) {
            continue;
          }
          int s = oneSig[i];
          if (rightStamp[s] == k) {
            throw duplicateOnOneSide(m, r.labels, one.get(rightAt[s]).labels);
          }
          rightStamp[s] = k;
          rightAt[s] = i;
          anyOne = true;
        }
        if (!anyOne && !fill) {
          continue;
        }
        groupSeen.clear();
        for (int i = 0; i < many.size(); i++) {
          StepSeries l = many.get(i);
          if (!l.has(k)) {
            continue;
          }
          int s = manySig[i];
          if (rightStamp[s] == k) {
            int ri = rightAt[s];
            apply(k, s, l.labels, l.values[k], one.get(ri).labels, one.get(ri).values[k], ((long) i << 32) | ri);
          } else if (fillOne != null) {
            apply(k, s, l.labels, l.values[k], matchLabels(l.labels, m), fillOne, -1);
          }
        }
        if (fillMany != null) {
          for (int i = 0; i < one.size(); i++) {
            StepSeries r = one.get(i);
            int s = oneSig[i];
            if (r.has(k) && matchedStamp[s] != k) {
              apply(k, s, matchLabels(r.labels, m), fillMany, r.labels, r.values[k], -1);
            }
          }
        }
      }
      for (StepSeries o : outputs.values()) {
        out.add(o, true);
      }
    }

    /** One matched pair at step k: "many" side first; values are swapped back for one-to-many. */
    private void apply(int k, int sig, Labels manyLabels, double manyValue, Labels oneLabels, double oneValue,
        long cacheKey) {
      double fl = swapped ? oneValue : manyValue;
      double fr = swapped ? manyValue : oneValue;
      if (trim) {
        trimInfo(ctx, e);
        return;
      }
      boolean keep = keep(op, fl, fr);
      double value = elementValue(op, fl, fr);
      if (e.returnBool()) {
        value = keep ? 1 : 0;
      }
      Labels metric = cacheKey < 0 ? null : metricCache.get(cacheKey);
      if (metric == null) {
        metric = resultMetric(ctx, e, manyLabels, oneLabels);
        if (cacheKey >= 0) {
          metricCache.put(cacheKey, metric);
        }
      }
      if (oneToOne) {
        if (matchedStamp[sig] == k) {
          throw PromQLException.execution(
              "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        }
      } else if (!groupSeen.add(new SigAndLabels(sig, metric))) {
        throw PromQLException.execution("multiple matches for labels: grouping labels must ensure unique matches");
      }
      matchedStamp[sig] = k;
      if (!keep && !e.returnBool()) {
        return;
      }
      StepSeries o = outputs.get(metric);
      if (o == null) {
        o = new StepSeries(metric, n);
        o.dropName = e.returnBool();
        outputs.put(metric, o);
      } else if (o.has(k)) {
        if (!(steps.isInstant() && ctx.delayedNameRemoval)) {
          throw PromQLException.execution("vector cannot contain metrics with the same labelset");
        }
        StepSeries extra = new StepSeries(metric, n);
        extra.dropName = e.returnBool();
        extra.set(k, value);
        out.add(extra, true);
        return;
      }
      o.set(k, value);
    }
  }

  private record SigAndLabels(int sig, Labels labels) {}

  private static PromQLException duplicateOnOneSide(VectorMatching m, Labels a, Labels b) {
    String side = m.card() == VectorMatching.Cardinality.ONE_TO_MANY ? "left" : "right";
    Labels matched = matchLabels(a, m);
    String d1 = a.toString();
    String d2 = b.toString();
    if (Utf8Order.compare(d1, d2) > 0) {
      String t = d1;
      d1 = d2;
      d2 = t;
    }
    return PromQLException.execution("found duplicate series for the match group " + matched + " on the " + side
        + " hand-side of the operation: [" + d1 + ", " + d2
        + "];many-to-many matching not allowed: matching labels must be unique on one side");
  }

  /** Prometheus' {@code Labels.MatchLabels}. */
  private static Labels matchLabels(Labels l, VectorMatching m) {
    if (m.on()) {
      return l.keep(new HashSet<>(m.matchingLabels()));
    }
    Set<String> drop = new HashSet<>(m.matchingLabels());
    drop.add(Labels.METRIC_NAME);
    return l.without(drop);
  }

  /** The labels of a result sample, from the "many" side plus {@code group_x} labels from the "one" side. */
  private static Labels resultMetric(QueryContext ctx, BinaryExpr e, Labels many, Labels one) {
    VectorMatching m = e.matching();
    Labels l = many;
    if ((!ctx.delayedNameRemoval && e.returnBool()) || e.op().changesMetricSchema()) {
      l = QueryContext.dropMetricName(l);
    }
    if (m.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        l = l.keep(new HashSet<>(m.matchingLabels()));
      } else {
        l = l.without(m.matchingLabels());
      }
    }
    if (!m.include().isEmpty()) {
      Labels.Builder b = l.toBuilder();
      for (String name : m.include()) {
        b.set(name, one.get(name));
      }
      l = b.build();
    }
    return l;
  }
}
