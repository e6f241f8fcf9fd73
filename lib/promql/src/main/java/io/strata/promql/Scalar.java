package io.strata.promql;

import io.strata.promql.ast.ValueType;

/** A scalar result at time {@code t} (milliseconds). */
public record Scalar(long t, double value) implements Value {
  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }
}
