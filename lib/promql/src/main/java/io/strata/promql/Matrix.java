package io.strata.promql;

import io.strata.promql.ast.ValueType;
import java.util.List;

/** A range vector: series sorted by label set, as every Prometheus matrix result. */
public record Matrix(List<Series> series) implements Value {
  public Matrix {
    series = List.copyOf(series);
  }

  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  public int size() {
    return series.size();
  }
}
