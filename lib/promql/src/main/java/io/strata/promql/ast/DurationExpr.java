package io.strata.promql.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * An experimental duration expression, evaluated to seconds once per query: {@code 5m + 1m},
 * {@code step()}, {@code range()}, {@code min_of(a, b)}, unary {@code -x}. Operands are
 * {@link NumberLiteral}s or other duration expressions.
 *
 * @param lhs null for unary operators and for {@code step()}/{@code range()}
 * @param rhs null for {@code step()}/{@code range()}
 * @param wrapped whether it was written in parentheses
 */
public record DurationExpr(DurationOp op, Expr lhs, Expr rhs, boolean wrapped, int startPos, int endPos)
    implements Expr {

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public PositionRange positionRange() {
    if (lhs == null && rhs == null) {
      return new PositionRange(startPos, endPos);
    }
    if (rhs == null) {
      return new PositionRange(startPos, lhs.positionRange().end());
    }
    if (lhs == null) {
      return new PositionRange(startPos, rhs.positionRange().end());
    }
    return lhs.positionRange().merge(rhs.positionRange());
  }

  @Override
  public List<Expr> children() {
    List<Expr> out = new ArrayList<>(2);
    if (lhs != null) {
      out.add(lhs);
    }
    if (rhs != null) {
      out.add(rhs);
    }
    return out;
  }

  public DurationExpr wrap() {
    return new DurationExpr(op, lhs, rhs, true, startPos, endPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
