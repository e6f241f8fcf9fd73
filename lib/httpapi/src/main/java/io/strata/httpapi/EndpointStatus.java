package io.strata.httpapi;

import io.strata.model.Labels;
import java.time.Instant;
import java.util.List;

/**
 * One StoreAPI endpoint of a querier as {@code /api/v1/stores} lists it (Thanos's {@code EndpointStatus}).
 *
 * @param name the address, e.g. {@code 127.0.0.1:10905}
 * @param lastCheck when its Info was last asked
 * @param lastError why the last check failed, or null when it succeeded
 * @param labelSets its external label sets
 * @param minTime earliest time it serves, milliseconds
 * @param maxTime latest time it serves, milliseconds
 * @param componentType {@code store}, {@code sidecar}, {@code query}, ...; endpoints without one are not listed
 */
public record EndpointStatus(String name, Instant lastCheck, String lastError, List<Labels> labelSets, long minTime,
    long maxTime, String componentType) {
  public EndpointStatus {
    labelSets = List.copyOf(labelSets);
  }
}
