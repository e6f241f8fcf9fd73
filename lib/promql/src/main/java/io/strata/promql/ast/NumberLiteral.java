package io.strata.promql.ast;

import java.util.List;

/**
 * A number, from a literal such as {@code 1.5}, {@code 0x1F}, {@code Inf}, or from a duration literal such
 * as {@code 5m} (then {@code duration} is set and the value is in seconds).
 */
public record NumberLiteral(double value, boolean duration, PositionRange positionRange) implements Expr {
  public NumberLiteral(double value) {
    this(value, false, PositionRange.NONE);
  }

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public List<Expr> children() {
    return List.of();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
