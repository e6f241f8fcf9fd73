package io.strata.store.bucket;

import io.strata.store.StoreException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Counts what one request touches and fails it, before fetching, once a limit would be passed. Shared by the
 * threads that fetch the request's blocks in parallel, hence atomic counters. The error says which limit, its
 * value and what was being done, e.g. {@code exceeded series limit: limit 1000 series exceeded (1204 reserved)
 * while expanding postings of block 01H…}.
 */
final class RequestLimits {
  /** Thanos's estimate of samples per chunk ({@code MaxSamplesPerChunk}), used to price chunks before reading them. */
  static final int SAMPLES_PER_CHUNK = 120;

  private final BucketStoreConfig.Limits limits;
  private final Consumer<String> onExceeded;
  private final AtomicLong series = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  /** @param onExceeded called with the limit's name ({@code series}, {@code samples}, {@code bytes}) when one trips */
  RequestLimits(BucketStoreConfig.Limits limits, Consumer<String> onExceeded) {
    this.limits = limits;
    this.onExceeded = onExceeded;
  }

  void reserveSeries(long n, String what) {
    reserve(series, n, limits.maxSeries(), "series", what);
  }

  void reserveChunks(long chunks, String what) {
    reserve(samples, chunks * SAMPLES_PER_CHUNK, limits.maxSamples(), "samples", what);
  }

  void reserveBytes(long n, String what) {
    reserve(bytes, n, limits.maxDownloadedBytes(), "bytes", what);
  }

  long downloadedBytes() {
    return bytes.get();
  }

  private void reserve(AtomicLong counter, long n, long limit, String unit, String what) {
    long now = counter.addAndGet(n);
    if (limit > 0 && now > limit) {
      onExceeded.accept(unit);
      throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "exceeded " + unit + " limit: limit " + limit
          + " " + unit + " exceeded (" + now + " reserved) while " + what);
    }
  }
}
