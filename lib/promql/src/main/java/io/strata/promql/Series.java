package io.strata.promql;

import io.strata.model.Labels;
import java.util.Arrays;

/**
 * One series of a {@link Matrix}: points in ascending time, stored as two parallel primitive arrays.
 * The arrays are owned by the series; do not modify them.
 */
public record Series(Labels metric, long[] timestamps, double[] values) {
  public int size() {
    return timestamps.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s && s.metric.equals(metric) && Arrays.equals(s.timestamps, timestamps)
        && Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return metric.hashCode() * 31 + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(metric.toString()).append(" =>");
    for (int i = 0; i < timestamps.length; i++) {
      b.append(' ').append(values[i]).append(" @").append(timestamps[i]);
    }
    return b.toString();
  }
}
