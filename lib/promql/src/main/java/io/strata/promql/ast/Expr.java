package io.strata.promql.ast;

import java.util.List;

/**
 * A PromQL expression. {@link #toString()} prints canonical PromQL (Prometheus' {@code String()}); parsing
 * that text yields an equal tree apart from positions.
 */
public sealed interface Expr
    permits AggregateExpr, BinaryExpr, Call, DurationExpr, MatrixSelector, NumberLiteral, ParenExpr,
        StringLiteral, SubqueryExpr, UnaryExpr, VectorSelector {

  /** The type this expression evaluates to. */
  ValueType type();

  /** Where the expression is in the query text. */
  PositionRange positionRange();

  /** Direct sub-expressions, in evaluation order. */
  List<Expr> children();

  /** Canonical PromQL on several lines when it is long, as Prometheus' {@code format_query}. */
  default String pretty() {
    return Prettier.pretty(this);
  }
}
