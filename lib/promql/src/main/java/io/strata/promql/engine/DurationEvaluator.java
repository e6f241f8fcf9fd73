package io.strata.promql.engine;

import io.strata.promql.PromQLException;
import io.strata.promql.ast.DurationExpr;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.ParenExpr;

/**
 * Evaluates experimental duration expressions ({@code foo[5m + step()]}) once per query, with Prometheus'
 * checks: the result must be finite, positive unless it is an offset, and fit a duration.
 */
final class DurationEvaluator {
  private DurationEvaluator() {}

  static long evaluate(Evaluator ev, DurationExpr e, boolean allowNegative) {
    return evaluate(ev.queryStep, ev.ctx.queryEnd - ev.ctx.queryStart, e, allowNegative);
  }

  /**
   * @param queryStep the query's step in ms ({@code step()}), 0 for instant queries
   * @param queryRange the query's end minus start in ms ({@code range()})
   */
  static long evaluate(long queryStep, long queryRange, DurationExpr e, boolean allowNegative) {
    double seconds = evaluateSeconds(queryStep, queryRange, e);
    String where = e.positionRange().start() + ":" + e.positionRange().end();
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw PromQLException.badData(where + ": duration is NaN or infinite");
    }
    if (seconds <= 0 && !allowNegative) {
      throw PromQLException.badData(where + ": duration must be greater than 0");
    }
    if (seconds > 9.223372036854775807e18 / 1e9 || seconds < -9.223372036854775808e18 / 1e9) {
      throw PromQLException.badData(where + ": duration is out of range");
    }
    return (long) (seconds * 1000);
  }

  static double evaluateSeconds(Evaluator ev, Expr e) {
    return evaluateSeconds(ev.queryStep, ev.ctx.queryEnd - ev.ctx.queryStart, e);
  }

  static double evaluateSeconds(long queryStep, long queryRange, Expr e) {
    switch (e) {
      case NumberLiteral n -> {
        return n.value();
      }
      case ParenExpr p -> {
        return evaluateSeconds(queryStep, queryRange, p.expr());
      }
      case DurationExpr d -> {
        double lhs = d.lhs() == null ? 0 : evaluateSeconds(queryStep, queryRange, d.lhs());
        double rhs = d.rhs() == null ? 0 : evaluateSeconds(queryStep, queryRange, d.rhs());
        String where = d.positionRange().start() + ":" + d.positionRange().end();
        return switch (d.op()) {
          case STEP -> queryStep / 1000.0;
          case RANGE -> queryRange / 1000.0;
          case MIN_OF -> Math.min(lhs, rhs);
          case MAX_OF -> Math.max(lhs, rhs);
          case ADD -> d.lhs() == null ? rhs : lhs + rhs;
          case SUB -> d.lhs() == null ? -rhs : lhs - rhs;
          case MUL -> lhs * rhs;
          case DIV -> {
            if (rhs == 0) {
              throw PromQLException.badData(where + ": division by zero");
            }
            yield lhs / rhs;
          }
          case MOD -> {
            if (rhs == 0) {
              throw PromQLException.badData(where + ": modulo by zero");
            }
            yield lhs % rhs;
          }
          case POW -> Math.pow(lhs, rhs);
        };
      }
      default -> throw new IllegalStateException("unexpected duration expression " + e);
    }
  }
}
