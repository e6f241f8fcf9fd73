package io.strata.promql.ast;

import java.util.List;

/**
 * A range vector selector such as {@code x[5m]}. Offset and {@code @} live on the inner
 * {@link VectorSelector} even when written after the brackets.
 *
 * @param rangeMillis the range in milliseconds
 * @param rangeExpr an experimental duration expression for the range, or null
 * @param endPos end of the expression in the query (after the bracket or any modifier)
 */
public record MatrixSelector(VectorSelector selector, long rangeMillis, DurationExpr rangeExpr, int endPos)
    implements Expr {

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public PositionRange positionRange() {
    return new PositionRange(selector.positionRange().start(), endPos);
  }

  @Override
  public List<Expr> children() {
    return List.of(selector);
  }

  public MatrixSelector withSelector(VectorSelector vs, int end) {
    return new MatrixSelector(vs, rangeMillis, rangeExpr, end);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
