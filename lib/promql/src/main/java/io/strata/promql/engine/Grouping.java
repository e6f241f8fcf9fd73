package io.strata.promql.engine;

import io.strata.model.Labels;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The output labels of an aggregation group: {@code by} keeps the listed labels, {@code without} drops them
 * and the metric name. */
final class Grouping {
  private final Set<String> names;
  private final boolean without;

  Grouping(List<String> labels, boolean without) {
    this.names = new HashSet<>(labels);
    this.without = without;
    if (without) {
      names.add(Labels.METRIC_NAME);
    }
  }

  Labels of(Labels metric) {
    if (without) {
      return metric.without(names);
    }
    if (names.isEmpty()) {
      return Labels.EMPTY;
    }
    return metric.keep(names);
  }
}
