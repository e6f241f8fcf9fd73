package io.strata.httpapi;

import io.strata.promql.storage.Queryable;

/**
 * What the API reads series from. Each request opens its own {@link Queryable} with its read options, so a
 * querier can honour {@code dedup}, {@code replicaLabels[]}, {@code partial_response} and friends per request.
 */
@FunctionalInterface
public interface ApiStorage {
  /**
   * A Queryable for one request. Warnings it cannot return through a {@code SeriesSet} (label calls) go to
   * {@link ReadContext#addWarning}; reads in flight should stop on {@link ReadContext#cancel()}.
   */
  Queryable queryable(ReadContext context);
}
