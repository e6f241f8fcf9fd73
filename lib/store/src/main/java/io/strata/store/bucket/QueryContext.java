package io.strata.store.bucket;

import java.util.concurrent.Executor;

/**
 * What the readers of one request share: the index cache, the request's limits, metrics, the executor that runs
 * parallel GETs and block prefetches, and the read-size settings.
 */
final class QueryContext {
  /** The smallest per-block batch, however many blocks a request reads: below it, GETs multiply for little gain. */
  static final int MIN_BLOCK_BATCH = 256;

  final IndexCache cache;
  final RequestLimits limits;
  final BucketStoreMetrics metrics;
  final Executor executor;
  final long maxGap;
  final int seriesBatchSize;

  /**
   * @param blocks how many blocks the request reads: {@code seriesBatchSize} is the request's budget of series held
   *     at once, split across its blocks (each holds a batch and prefetches the next), but at least
   *     {@link #MIN_BLOCK_BATCH} per block. A query over thousands of blocks thus holds a bounded number of series
   *     instead of (as Thanos) every block's whole result.
   */
  QueryContext(IndexCache cache, RequestLimits limits, BucketStoreMetrics metrics, Executor executor,
      BucketStoreConfig config, int blocks) {
    this.cache = cache;
    this.limits = limits;
    this.metrics = metrics;
    this.executor = executor;
    this.maxGap = config.partitionMaxGapBytes();
    this.seriesBatchSize = Math.min(config.seriesBatchSize(),
        Math.max(MIN_BLOCK_BATCH, config.seriesBatchSize() / Math.max(1, blocks)));
  }
}
