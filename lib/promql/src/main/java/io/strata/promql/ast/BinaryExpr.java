package io.strata.promql.ast;

import java.util.List;

/**
 * A binary operation. {@code matching} is always present; it only has an effect when both sides are
 * instant vectors.
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool)
    implements Expr {

  @Override
  public ValueType type() {
    if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
      return ValueType.SCALAR;
    }
    return ValueType.VECTOR;
  }

  @Override
  public PositionRange positionRange() {
    return lhs.positionRange().merge(rhs.positionRange());
  }

  @Override
  public List<Expr> children() {
    return List.of(lhs, rhs);
  }

  /** Whether both operands are instant vectors, so that {@link #matching()} applies. */
  public boolean isVectorVector() {
    return lhs.type() == ValueType.VECTOR && rhs.type() == ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
