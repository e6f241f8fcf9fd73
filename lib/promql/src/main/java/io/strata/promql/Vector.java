package io.strata.promql;

import io.strata.promql.ast.ValueType;
import java.util.List;

/**
 * An instant vector, in the order the engine produced it (which is meaningful after {@code sort},
 * {@code topk} and friends, and otherwise unspecified as in Prometheus).
 */
public record Vector(List<Sample> samples) implements Value {
  public Vector {
    samples = List.copyOf(samples);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  public int size() {
    return samples.size();
  }
}
