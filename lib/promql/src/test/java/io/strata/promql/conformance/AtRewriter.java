package io.strata.promql.conformance;

import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.Call;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.ParenExpr;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.VectorSelector;
import java.util.List;
import java.util.Set;

/**
 * The promqltest harness' {@code @} invariance rewrite: every selector and subquery without {@code @} gets
 * {@code @ t}, except inside a subquery that (now) has one.
 */
final class AtRewriter {
  static final Set<String> UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week", "day_of_year",
      "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step", "time", "timestamp");

  private AtRewriter() {}

  /** Whether the expression calls a function whose result depends on the evaluation time. */
  static boolean usesUnsafeFunction(Expr e) {
    if (e instanceof Call c && UNSAFE.contains(c.name())) {
      return true;
    }
    for (Expr child : e.children()) {
      if (usesUnsafeFunction(child)) {
        return true;
      }
    }
    return false;
  }

  static Expr rewrite(Expr e, long ts) {
    return switch (e) {
      case VectorSelector vs -> vs.timestamp() == null ? vs.withTimestamp(ts) : vs;
      case MatrixSelector ms -> ms.selector().timestamp() == null
          ? ms.withSelector(ms.selector().withTimestamp(ts), ms.endPos()) : ms;
      case SubqueryExpr sq -> sq.timestamp() == null ? sq.withAt(ts, sq.at(), sq.endPos()) : sq;
      case ParenExpr p -> new ParenExpr(rewrite(p.expr(), ts), p.positionRange());
      case UnaryExpr u -> new UnaryExpr(u.negate(), rewrite(u.expr(), ts), u.startPos());
      case BinaryExpr b -> new BinaryExpr(b.op(), rewrite(b.lhs(), ts), rewrite(b.rhs(), ts), b.matching(),
          b.returnBool());
      case AggregateExpr a -> new AggregateExpr(a.op(), rewrite(a.expr(), ts),
          a.param() == null ? null : rewrite(a.param(), ts), a.grouping(), a.without(), a.positionRange());
      case Call c -> new Call(c.function(), c.args().stream().map(x -> rewrite(x, ts)).toList(), c.positionRange());
      default -> e;
    };
  }

  static List<Long> evalTimes(long t) {
    if (t == 0) {
      return List.of(-1000L, 0L, 1000L);
    }
    return List.of(-10 * t, 0L, t / 5, t, 10 * t);
  }
}
