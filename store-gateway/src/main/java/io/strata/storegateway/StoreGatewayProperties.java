package io.strata.storegateway;

import io.strata.store.bucket.BucketStoreConfig;
import io.strata.store.bucket.TimeBound;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The store gateway's flags, named and defaulted as Thanos's {@code thanos store} (reference:
 * thanos-components.md §1.5). The listen addresses and the bucket flags are {@code lib/server}'s.
 *
 * @param dataDir {@code --data-dir=./data}: index-headers, one directory per block
 * @param syncBlockDuration {@code --sync-block-duration=15m}: how often the bucket is listed for new and deleted blocks
 * @param blockSyncConcurrency {@code --block-sync-concurrency=20}: blocks loaded at once
 * @param blockMetaFetchConcurrency {@code --block-meta-fetch-concurrency=32}: meta.json files read at once
 * @param consistencyDelay {@code --consistency-delay=0s}: blocks younger than this are not loaded yet
 * @param ignoreDeletionMarksDelay {@code --ignore-deletion-marks-delay=24h}: blocks marked for deletion longer
 *     ago than this are no longer served
 * @param minTime {@code --min-time}: serve only blocks ending after this RFC 3339 time or relative duration
 *     ({@code -2w}); default {@code 0000-01-01T00:00:00Z}
 * @param maxTime {@code --max-time}: serve only blocks starting before this; default {@code 9999-12-31T23:59:59Z}
 * @param indexCacheSize {@code --index-cache-size=250MB}: the in-memory cache of postings and series entries
 * @param store {@code --store.grpc.*} and {@code --store.limits.*}
 * @param selector {@code --selector.relabel-config(-file)}: a Thanos hashmod relabel config selecting this
 *     instance's share of the blocks, for several store gateways over one bucket
 */
@ConfigurationProperties
public record StoreGatewayProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("15m") Duration syncBlockDuration,
    @DefaultValue("20") int blockSyncConcurrency,
    @DefaultValue("32") int blockMetaFetchConcurrency,
    @DefaultValue("0s") Duration consistencyDelay,
    @DefaultValue("24h") Duration ignoreDeletionMarksDelay,
    @DefaultValue("0000-01-01T00:00:00Z") String minTime,
    @DefaultValue("9999-12-31T23:59:59Z") String maxTime,
    @DefaultValue("250MB") DataSize indexCacheSize,
    @DefaultValue Store store,
    @DefaultValue Selector selector) {

  /**
   * @param grpc {@code --store.grpc.series-max-concurrency=20}, {@code --store.grpc.downloaded-bytes-limit=0}
   * @param limits {@code --store.limits.request-series=0}, {@code --store.limits.request-samples=0}
   */
  public record Store(@DefaultValue Grpc grpc, @DefaultValue Limits limits) {}

  /**
   * @param seriesMaxConcurrency Series calls served at once; more wait
   * @param downloadedBytesLimit bytes one call may download from the bucket; 0 for no limit
   */
  public record Grpc(@DefaultValue("20") int seriesMaxConcurrency, @DefaultValue("0") DataSize downloadedBytesLimit) {}

  /**
   * @param requestSeries series one call may touch; 0 for no limit
   * @param requestSamples samples one call may fetch (counted as 120 per chunk, like Thanos); 0 for no limit
   */
  public record Limits(@DefaultValue("0") long requestSeries, @DefaultValue("0") long requestSamples) {}

  /**
   * @param relabelConfig {@code --selector.relabel-config}: the YAML inline
   * @param relabelConfigFile {@code --selector.relabel-config-file}: the YAML in a file
   */
  public record Selector(String relabelConfig, Path relabelConfigFile) {}

  /** The library configuration these flags describe. */
  public BucketStoreConfig toConfig() {
    return BucketStoreConfig.builder(dataDir)
        .syncInterval(syncBlockDuration)
        .blockSyncConcurrency(blockSyncConcurrency)
        .metaFetchConcurrency(blockMetaFetchConcurrency)
        .consistencyDelay(consistencyDelay)
        .ignoreDeletionMarksDelay(ignoreDeletionMarksDelay)
        .minTime(TimeBound.parse(minTime))
        .maxTime(TimeBound.parse(maxTime))
        .maxConcurrentSeriesCalls(store.grpc().seriesMaxConcurrency())
        .limits(new BucketStoreConfig.Limits(store.limits().requestSeries(), store.limits().requestSamples(),
            store.grpc().downloadedBytesLimit().toBytes()))
        .shard(SelectorRelabelConfig.shard(selector.relabelConfig(), selector.relabelConfigFile()))
        .build();
  }
}
