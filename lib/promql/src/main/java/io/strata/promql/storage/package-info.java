/**
 * What the engine reads: a {@link io.strata.promql.storage.Queryable} opens a
 * {@link io.strata.promql.storage.Querier} for a time range, whose {@code select} streams
 * {@link io.strata.promql.storage.StorageSeries} whose samples are read through the TSDB's primitive
 * {@link io.strata.tsdb.chunkenc.SampleIterator}. Modelled on Prometheus' {@code storage.Queryable}.
 *
 * <p>{@link io.strata.promql.storage.InMemoryStorage} is a simple implementation for tests and benchmarks.
 */
package io.strata.promql.storage;
