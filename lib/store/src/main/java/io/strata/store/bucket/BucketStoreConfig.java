package io.strata.store.bucket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link BucketStore} and its {@link BlockSyncer}. Defaults follow Thanos's {@code thanos store}
 * flags where one exists (named in each builder method); build with {@link #builder(Path)}.
 *
 * @param dataDir where index-headers live, {@code <dataDir>/<ULID>/index-header} ({@code --data-dir})
 * @param syncInterval how often the bucket is re-listed ({@code --sync-block-duration=15m})
 * @param ignoreDeletionMarksDelay blocks marked for deletion longer ago than this are dropped
 *     ({@code --ignore-deletion-marks-delay=24h})
 * @param consistencyDelay blocks uploaded more recently than this are not loaded yet ({@code --consistency-delay=0s})
 * @param minTime blocks ending before this are not served, and requests are clamped to it ({@code --min-time})
 * @param maxTime blocks starting after this are not served, and requests are clamped to it ({@code --max-time})
 * @param shard which blocks this instance serves when several share one bucket; {@link Shard#NONE} for all
 * @param blockSyncConcurrency blocks loaded (index-headers built) in parallel ({@code --block-sync-concurrency=20})
 * @param metaFetchConcurrency meta.json reads in parallel ({@code --block-meta-fetch-concurrency=32})
 * @param partitionMaxGapBytes ranged reads of one object whose gap is smaller than this are merged into one GET
 *     (Thanos {@code PartitionerMaxGapSize}, 512 KiB)
 * @param seriesBatchSize series entries fetched (and chunk sets loaded) per batch (Thanos {@code SeriesBatchSize},
 *     10,000); a request reading several blocks splits it across them, down to 256 per block
 * @param estimatedMaxSeriesSize bytes read per series entry when the block's meta has no
 *     {@code thanos.index_stats.series_max_size} (64 KiB)
 * @param estimatedMaxChunkSize bytes read per chunk when the meta has no {@code index_stats.chunk_max_size}; a
 *     longer chunk is fetched again (16,000)
 * @param maxConcurrentSeriesCalls Series calls served at once; more wait ({@code --store.grpc.series-max-concurrency=20})
 * @param seriesQueueTimeout how long a Series call waits for a slot before failing with RESOURCE_EXHAUSTED
 * @param limits per-request limits, 0 = unlimited
 * @param indexHeaderIdleTimeout zero: index-headers are opened (and verified) when a block loads and stay open;
 *     positive: opened on first use and closed after this long unused, so heap holds only the headers of blocks
 *     being queried ({@code --store.enable-index-header-lazy-reader}, whose idle timeout is 5m)
 */
public record BucketStoreConfig(
    Path dataDir,
    Duration syncInterval,
    Duration ignoreDeletionMarksDelay,
    Duration consistencyDelay,
    TimeBound minTime,
    TimeBound maxTime,
    Shard shard,
    int blockSyncConcurrency,
    int metaFetchConcurrency,
    long partitionMaxGapBytes,
    int seriesBatchSize,
    int estimatedMaxSeriesSize,
    int estimatedMaxChunkSize,
    int maxConcurrentSeriesCalls,
    Duration seriesQueueTimeout,
    Limits limits,
    Duration indexHeaderIdleTimeout) {

  public BucketStoreConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    requirePositive(syncInterval, "syncInterval");
    requireNonNegative(ignoreDeletionMarksDelay, "ignoreDeletionMarksDelay");
    requireNonNegative(consistencyDelay, "consistencyDelay");
    Objects.requireNonNull(minTime, "minTime");
    Objects.requireNonNull(maxTime, "maxTime");
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(limits, "limits");
    requirePositive(seriesQueueTimeout, "seriesQueueTimeout");
    requireNonNegative(indexHeaderIdleTimeout, "indexHeaderIdleTimeout");
    if (blockSyncConcurrency < 1 || metaFetchConcurrency < 1 || maxConcurrentSeriesCalls < 1) {
      throw new IllegalArgumentException("concurrency settings must be at least 1");
    }
    if (seriesBatchSize < 1 || estimatedMaxSeriesSize < 16 || estimatedMaxChunkSize < 16 || partitionMaxGapBytes < 0) {
      throw new IllegalArgumentException("seriesBatchSize must be positive, size estimates at least 16 bytes and the"
          + " partition gap non-negative");
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }

  private static void requireNonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
  }

  /**
   * Per-request limits; a request that would exceed one fails with RESOURCE_EXHAUSTED before the data is fetched.
   *
   * @param maxSeries series a request may touch; counted per block from the postings it matched, as Thanos does
   *     ({@code --store.limits.request-series})
   * @param maxSamples samples a request may fetch, estimated as 120 per chunk ({@code --store.limits.request-samples})
   * @param maxDownloadedBytes bytes a request may download from the bucket (postings, series, chunks; cache hits
   *     are free) ({@code --store.grpc.downloaded-bytes-limit})
   */
  public record Limits(long maxSeries, long maxSamples, long maxDownloadedBytes) {
    public static final Limits NONE = new Limits(0, 0, 0);

    public Limits {
      if (maxSeries < 0 || maxSamples < 0 || maxDownloadedBytes < 0) {
        throw new IllegalArgumentException("limits must not be negative (0 means unlimited)");
      }
    }
  }

  /**
   * Serve only blocks whose hash falls in shard {@code index} of {@code count}, like a Prometheus/Thanos
   * {@code hashmod} relabel rule: the values of {@code labels} (external labels of the block; {@code __block_id}
   * is the ULID) joined with {@code ;}, MD5-hashed, the last 8 bytes as an unsigned big-endian number modulo
   * {@code count}. The same {@code labels} in a Thanos selector relabel config pick the same blocks.
   */
  public record Shard(int index, int count, List<String> labels) {
    public static final Shard NONE = new Shard(0, 1, List.of());

    public Shard {
      labels = List.copyOf(labels);
      if (count < 1 || index < 0 || index >= count) {
        throw new IllegalArgumentException("shard " + index + " of " + count + " is invalid");
      }
      if (count > 1 && labels.isEmpty()) {
        throw new IllegalArgumentException("sharding needs the labels to hash, e.g. [__block_id] or external labels");
      }
    }

    public boolean enabled() {
      return count > 1;
    }
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  public Builder toBuilder() {
    Builder b = new Builder(dataDir);
    b.syncInterval = syncInterval;
    b.ignoreDeletionMarksDelay = ignoreDeletionMarksDelay;
    b.consistencyDelay = consistencyDelay;
    b.minTime = minTime;
    b.maxTime = maxTime;
    b.shard = shard;
    b.blockSyncConcurrency = blockSyncConcurrency;
    b.metaFetchConcurrency = metaFetchConcurrency;
    b.partitionMaxGapBytes = partitionMaxGapBytes;
    b.seriesBatchSize = seriesBatchSize;
    b.estimatedMaxSeriesSize = estimatedMaxSeriesSize;
    b.estimatedMaxChunkSize = estimatedMaxChunkSize;
    b.maxConcurrentSeriesCalls = maxConcurrentSeriesCalls;
    b.seriesQueueTimeout = seriesQueueTimeout;
    b.limits = limits;
    b.indexHeaderIdleTimeout = indexHeaderIdleTimeout;
    return b;
  }

  /** Builds a config starting from Thanos's defaults. */
  public static final class Builder {
    private final Path dataDir;
    private Duration syncInterval = Duration.ofMinutes(15);
    private Duration ignoreDeletionMarksDelay = Duration.ofHours(24);
    private Duration consistencyDelay = Duration.ZERO;
    private TimeBound minTime = TimeBound.MIN;
    private TimeBound maxTime = TimeBound.MAX;
    private Shard shard = Shard.NONE;
    private int blockSyncConcurrency = 20;
    private int metaFetchConcurrency = 32;
    private long partitionMaxGapBytes = 512 * 1024;
    private int seriesBatchSize = 10_000;
    private int estimatedMaxSeriesSize = 64 * 1024;
    private int estimatedMaxChunkSize = 16_000;
    private int maxConcurrentSeriesCalls = 20;
    private Duration seriesQueueTimeout = Duration.ofMinutes(2);
    private Limits limits = Limits.NONE;
    private Duration indexHeaderIdleTimeout = Duration.ZERO;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder syncInterval(Duration d) {
      syncInterval = d;
      return this;
    }

    public Builder ignoreDeletionMarksDelay(Duration d) {
      ignoreDeletionMarksDelay = d;
      return this;
    }

    public Builder consistencyDelay(Duration d) {
      consistencyDelay = d;
      return this;
    }

    public Builder minTime(TimeBound t) {
      minTime = t;
      return this;
    }

    public Builder maxTime(TimeBound t) {
      maxTime = t;
      return this;
    }

    public Builder shard(Shard s) {
      shard = s;
      return this;
    }

    public Builder blockSyncConcurrency(int n) {
      blockSyncConcurrency = n;
      return this;
    }

    public Builder metaFetchConcurrency(int n) {
      metaFetchConcurrency = n;
      return this;
    }

    public Builder partitionMaxGapBytes(long n) {
      partitionMaxGapBytes = n;
      return this;
    }

    public Builder seriesBatchSize(int n) {
      seriesBatchSize = n;
      return this;
    }

    public Builder estimatedMaxSeriesSize(int n) {
      estimatedMaxSeriesSize = n;
      return this;
    }

    public Builder estimatedMaxChunkSize(int n) {
      estimatedMaxChunkSize = n;
      return this;
    }

    public Builder maxConcurrentSeriesCalls(int n) {
      maxConcurrentSeriesCalls = n;
      return this;
    }

    public Builder seriesQueueTimeout(Duration d) {
      seriesQueueTimeout = d;
      return this;
    }

    public Builder limits(Limits l) {
      limits = l;
      return this;
    }

    /** Zero keeps every index-header open; positive opens them lazily and closes them after this idle time. */
    public Builder indexHeaderIdleTimeout(Duration d) {
      indexHeaderIdleTimeout = d;
      return this;
    }

    public BucketStoreConfig build() {
      return new BucketStoreConfig(dataDir, syncInterval, ignoreDeletionMarksDelay, consistencyDelay, minTime, maxTime,
          shard, blockSyncConcurrency, metaFetchConcurrency, partitionMaxGapBytes, seriesBatchSize,
          estimatedMaxSeriesSize, estimatedMaxChunkSize, maxConcurrentSeriesCalls, seriesQueueTimeout, limits,
          indexHeaderIdleTimeout);
    }
  }
}
