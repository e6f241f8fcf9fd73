package io.strata.promql.ast;

import java.util.List;

/**
 * A subquery {@code expr[range:step]}.
 *
 * @param stepMillis the resolution; 0 means the engine default
 */
public record SubqueryExpr(
    Expr expr, long rangeMillis, DurationExpr rangeExpr, long offsetMillis, DurationExpr offsetExpr,
    Long timestamp, AtModifier at, long stepMillis, DurationExpr stepExpr, int endPos) implements Expr {

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(expr.positionRange().start(), endPos);
  }

  @Override
  public List<Expr> children() {
    return List.of(expr);
  }

  public boolean hasOffset() {
    return offsetMillis != 0 || offsetExpr != null;
  }

  public boolean hasAt() {
    return timestamp != null || at != AtModifier.NONE;
  }

  public SubqueryExpr withOffset(long millis, DurationExpr e, int end) {
    return new SubqueryExpr(expr, rangeMillis, rangeExpr, millis, e, timestamp, at, stepMillis, stepExpr, end);
  }

  public SubqueryExpr withAt(Long ts, AtModifier modifier, int end) {
    return new SubqueryExpr(expr, rangeMillis, rangeExpr, offsetMillis, offsetExpr, ts, modifier, stepMillis,
        stepExpr, end);
  }

  public SubqueryExpr withExpr(Expr inner) {
    return new SubqueryExpr(inner, rangeMillis, rangeExpr, offsetMillis, offsetExpr, timestamp, at, stepMillis,
        stepExpr, endPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
