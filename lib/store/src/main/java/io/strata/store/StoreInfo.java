package io.strata.store;

import io.strata.model.Labels;
import java.util.List;

/**
 * What a store serves (the StoreAPI Info response): the external label sets of its data, the time range
 * it covers ({@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} for open ends), and optional capabilities.
 *
 * @param componentType Thanos component type string: {@code sidecar}, {@code store}, {@code query},
 *     {@code receive}, {@code rule}, {@code debug}
 */
public record StoreInfo(List<Labels> labelSets, long minTime, long maxTime, boolean supportsWithoutReplicaLabels,
    String componentType) {

  public StoreInfo {
    labelSets = List.copyOf(labelSets);
  }

  /** Whether the store may hold samples in the closed range {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
