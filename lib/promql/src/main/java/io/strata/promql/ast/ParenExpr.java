package io.strata.promql.ast;

import java.util.List;

/** An expression in parentheses, kept so that the printer reproduces them. */
public record ParenExpr(Expr expr, PositionRange positionRange) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
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
