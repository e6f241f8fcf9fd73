package io.strata.promql;

import io.strata.promql.ast.ValueType;

/** A query result: {@link Scalar}, {@link StringValue}, {@link Vector} or {@link Matrix}. */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
  /** The HTTP API's {@code resultType}. */
  ValueType type();
}
