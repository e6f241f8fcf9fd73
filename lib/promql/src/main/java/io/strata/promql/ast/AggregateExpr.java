package io.strata.promql.ast;

import java.util.ArrayList;
import java.util.List;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param the parameter of {@code topk}, {@code bottomk}, {@code quantile}, {@code count_values},
 *     {@code limitk}, {@code limit_ratio}; null for the others
 * @param grouping the labels of {@code by(...)} or {@code without(...)}, in the order written
 */
public record AggregateExpr(
    AggregateOp op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange positionRange)
    implements Expr {

  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public List<Expr> children() {
    List<Expr> out = new ArrayList<>(2);
    out.add(expr);
    if (param != null) {
      out.add(param);
    }
    return out;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
