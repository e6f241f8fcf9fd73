package io.strata.promql.storage;

/** A source of series, such as a TSDB block, a store gateway or a fan-out over StoreAPI endpoints. */
@FunctionalInterface
public interface Queryable {
  /**
   * Opens a querier over samples in {@code [minTime, maxTime]} (milliseconds). The engine closes it when
   * the query ends.
   */
  Querier querier(long minTime, long maxTime);
}
