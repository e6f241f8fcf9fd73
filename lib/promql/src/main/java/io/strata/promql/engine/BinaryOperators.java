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
    VectorMatching m = e.matching();
    BinaryOp op = e.op();
    boolean swapped = m.card() == VectorMatching.Cardinality.ONE_TO_MANY;
    List<StepSeries> many = swapped ? rhsIn : lhsIn;
    List<StepSeries> one = swapped ? lhsIn : rhsIn;
    int[] manySig = swapped ? rsigIn : lsigIn;
    int[] oneSig = swapped ? lsigIn : rsigIn;
    boolean oneToOne = m.card() == VectorMatching.Cardinality.ONE_TO_ONE;
    int n = steps.count();
    int[] rightStamp = new int[numSigs];
    int[] rightAt = new int[numSigs];
    int[] matchedStamp = new int[numSigs];
    java.util.Arrays.fill(rightStamp, -1);
    java.util.Arrays.fill(matchedStamp, -1);
    Map<Long, Labels> metricCache = new HashMap<>();
    Map<Labels, StepSeries> outputs = new java.util.LinkedHashMap<>();
    Set<Object> groupSeen = new HashSet<>();
    boolean trim = op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER;
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
      if (!anyOne) {
        continue;
      }
      groupSeen.clear();
      for (int i = 0; i < many.size(); i++) {
        StepSeries l = many.get(i);
        if (!l.has(k)) {
          continue;
        }
        int s = manySig[i];
        if (rightStamp[s] != k) {
          continue;
        }
        int ri = rightAt[s];
        StepSeries r = one.get(ri);
        double fl = swapped ? r.values[k] : l.values[k];
        double fr = swapped ? l.values[k] : r.values[k];
        if (trim) {
          trimInfo(ctx, e);
          continue;
        }
        boolean keep = keep(op, fl, fr);
        double value = elementValue(op, fl, fr);
        if (e.returnBool()) {
          value = keep ? 1 : 0;
        }
        long cacheKey = ((long) i << 32) | ri;
        Labels metric = metricCache.get(cacheKey);
        if (metric == null) {
          metric = resultMetric(ctx, e, l.labels, r.labels);
          metricCache.put(cacheKey, metric);
        }
        if (oneToOne) {
          if (matchedStamp[s] == k) {
            throw PromQLException.execution(
                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
          }
          matchedStamp[s] = k;
        } else if (!groupSeen.add(new SigAndLabels(s, metric))) {
          throw PromQLException.execution("multiple matches for labels: grouping labels must ensure unique matches");
        }
        if (!keep && !e.returnBool()) {
          continue;
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
          continue;
        }
        o.set(k, value);
      }
    }
    for (StepSeries o : outputs.values()) {
      out.add(o, true);
    }
    return out.stream();
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
