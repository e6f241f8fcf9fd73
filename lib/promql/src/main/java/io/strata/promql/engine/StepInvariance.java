package io.strata.promql.engine;

import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.StringLiteral;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.VectorSelector;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Finds the largest sub-expressions whose value does not depend on the evaluation step (because every
 * selector in them has an {@code @} modifier), as Prometheus' {@code preprocessExprHelper}. The engine
 * evaluates those once at the first step and repeats the result, which is both faster and what Prometheus
 * returns.
 */
final class StepInvariance {
  /** Functions whose result depends on the evaluation time even with step-invariant arguments. */
  static final Set<String> AT_MODIFIER_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
      "day_of_year", "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step", "time",
      "timestamp");

  private final Set<Expr> wrapped = Collections.newSetFromMap(new IdentityHashMap<>());

  private StepInvariance() {}

  /** The nodes to evaluate once and broadcast. */
  static Set<Expr> analyse(Expr root) {
    StepInvariance s = new StepInvariance();
    if (s.visit(root)[1]) {
      s.wrapped.add(root);
    }
    return s.wrapped;
  }

  private static Expr unwrapParens(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  /** Returns {isStepInvariant, shouldWrap}. */
  private boolean[] visit(Expr e) {
    switch (e) {
      case VectorSelector vs -> {
        boolean inv = vs.hasAt();
        return new boolean[] {inv, inv};
      }
      case AggregateExpr a -> {
        return visit(unwrapParens(a.expr()));
      }
      case BinaryExpr b -> {
        boolean[] l = visit(b.lhs());
        boolean[] r = visit(b.rhs());
        if (l[0] && r[0]) {
          return new boolean[] {true, true};
        }
        if (l[1]) {
          wrapped.add(b.lhs());
        }
        if (r[1]) {
          wrapped.add(b.rhs());
        }
        return new boolean[] {false, false};
      }
      case Call c -> {
        boolean inv = !AT_MODIFIER_UNSAFE.contains(c.name());
        boolean timestampOfInvariantSelectors = c.name().equals("timestamp");
        boolean[] shouldWrap = new boolean[c.args().size()];
        for (int i = 0; i < c.args().size(); i++) {
          Expr arg = unwrapParens(c.args().get(i));
          boolean[] r = visit(arg);
          shouldWrap[i] = r[1];
          inv = inv && r[0];
          if (!r[0] || !(arg instanceof VectorSelector)) {
            timestampOfInvariantSelectors = false;
          }
        }
        if (inv || timestampOfInvariantSelectors) {
          return new boolean[] {true, true};
        }
        for (int i = 0; i < shouldWrap.length; i++) {
          if (shouldWrap[i]) {
            wrapped.add(unwrapParens(c.args().get(i)));
          }
        }
        return new boolean[] {false, false};
      }
      case MatrixSelector m -> {
        return new boolean[] {visit(m.selector())[0], false};
      }
      case SubqueryExpr s -> {
        boolean[] inner = visit(s.expr());
        if (inner[0]) {
          wrapped.add(s.expr());
        }
        return new boolean[] {s.hasAt(), false};
      }
      case ParenExpr p -> {
        return visit(p.expr());
      }
      case UnaryExpr u -> {
        return visit(u.expr());
      }
      case StringLiteral s -> {
        return new boolean[] {true, false};
      }
      case NumberLiteral n -> {
        return new boolean[] {true, false};
      }
      default -> {
        return new boolean[] {true, false};
      }
    }
  }
}
