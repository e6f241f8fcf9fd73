package io.strata.promql.ast;

import java.util.List;

/**
 * Unary {@code -} or {@code +} applied to a non-literal (a literal operand is folded into the number by the
 * parser, as Prometheus does).
 */
public record UnaryExpr(boolean negate, Expr expr, int startPos) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(startPos, expr.positionRange().end());
  }

  @Override
  public List<Expr> children() {
    return List.of(expr);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
