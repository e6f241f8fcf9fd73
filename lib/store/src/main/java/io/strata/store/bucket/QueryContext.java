package io.strata.store.bucket;

import java.util.concurrent.Executor;

/**
 * What the readers of one request share: the index cache, the request's limits, metrics, the executor that runs
 * parallel GETs and block prefetches, and the read-size settings.
 */
final class QueryContext {
  final IndexCache cache;
  final RequestLimits limits;
  final BucketStoreMetrics metrics;
  final Executor executor;
  final long maxGap;
  final int seriesBatchSize;

  QueryContext(IndexCache cache, RequestLimits limits, BucketStoreMetrics metrics, Executor executor,
      BucketStoreConfig config) {
    this.cache = cache;
    this.limits = limits;
    this.metrics = metrics;
    this.executor = executor;
    this.maxGap = config.partitionMaxGapBytes();
    this.seriesBatchSize = config.seriesBatchSize();
  }
}
