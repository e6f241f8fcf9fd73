package io.strata.promql;

import io.strata.promql.ast.ValueType;

/** A string result at time {@code t} (milliseconds). */
public record StringValue(long t, String value) implements Value {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }
}
