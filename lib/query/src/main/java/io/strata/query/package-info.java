/**
 * The querier's read path over the StoreAPI: {@link io.strata.query.StoreQueryable} turns the PromQL engine's
 * selects and label calls into StoreAPI requests (with Thanos's query hints, downsampling aggregates,
 * partial-response strategy and {@code without_replica_labels}) against a fan-out
 * {@link io.strata.store.proxy.ProxyStore}, and the answers into deduplicated series
 * ({@link io.strata.store.dedup.DedupSeriesSet}). Endpoint discovery lives in
 * {@link io.strata.query.endpoints}.
 *
 * <p>Facts: ../shared/reference/thanos-components.md §1.2 (querier), §1.3 (deduplication).
 */
package io.strata.query;
