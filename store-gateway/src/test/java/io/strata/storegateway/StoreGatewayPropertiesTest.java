package io.strata.storegateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.store.bucket.BucketStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Every flag binds under its Thanos name, with Thanos's default. */
class StoreGatewayPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(StoreGatewayProperties.class)
  static class Props {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

  @Test
  void defaultsAreThanos() {
    runner.run(ctx -> {
      StoreGatewayProperties p = ctx.getBean(StoreGatewayProperties.class);
      assertThat(p.dataDir().normalize()).isEqualTo(Path.of("data"));
      assertThat(p.syncBlockDuration()).isEqualTo(Duration.ofMinutes(15));
      assertThat(p.blockSyncConcurrency()).isEqualTo(20);
      assertThat(p.blockMetaFetchConcurrency()).isEqualTo(32);
      assertThat(p.consistencyDelay()).isZero();
      assertThat(p.ignoreDeletionMarksDelay()).isEqualTo(Duration.ofHours(24));
      assertThat(p.indexCacheSize()).isEqualTo(DataSize.ofMegabytes(250));
      assertThat(p.store().grpc().seriesMaxConcurrency()).isEqualTo(20);
      assertThat(p.store().grpc().downloadedBytesLimit().toBytes()).isZero();
      assertThat(p.store().limits().requestSeries()).isZero();
      assertThat(p.store().limits().requestSamples()).isZero();
      BucketStoreConfig c = p.toConfig();
      assertThat(c.limits()).isEqualTo(BucketStoreConfig.Limits.NONE);
      assertThat(c.shard()).isEqualTo(BucketStoreConfig.Shard.NONE);
      assertThat(c.minTime().toString()).isEqualTo("0000-01-01T00:00:00Z");
      assertThat(c.maxTime().toString()).isEqualTo("9999-12-31T23:59:59Z");
    });
  }

  @Test
  void everyFlagBinds() {
    runner.withPropertyValues(
        "data-dir=/var/lib/strata", "sync-block-duration=3m", "block-sync-concurrency=4",
        "block-meta-fetch-concurrency=8", "consistency-delay=30m", "ignore-deletion-marks-delay=12h",
        "min-time=-2w", "max-time=2026-01-01T00:00:00Z", "index-cache-size=1GB",
        "store.grpc.series-max-concurrency=7", "store.grpc.downloaded-bytes-limit=64MB",
        "store.limits.request-series=1000", "store.limits.request-samples=2000",
        "selector.relabel-config=[{action: hashmod, source_labels: [__block_id], target_label: shard, modulus: 3},"
            + " {action: keep, source_labels: [shard], regex: 2}]").run(ctx -> {
              StoreGatewayProperties p = ctx.getBean(StoreGatewayProperties.class);
              BucketStoreConfig c = p.toConfig();
              assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/strata"));
              assertThat(c.syncInterval()).isEqualTo(Duration.ofMinutes(3));
              assertThat(c.blockSyncConcurrency()).isEqualTo(4);
              assertThat(c.metaFetchConcurrency()).isEqualTo(8);
              assertThat(c.consistencyDelay()).isEqualTo(Duration.ofMinutes(30));
              assertThat(c.ignoreDeletionMarksDelay()).isEqualTo(Duration.ofHours(12));
              assertThat(c.minTime().isRelative()).isTrue();
              assertThat(c.maxTime().toString()).isEqualTo("2026-01-01T00:00:00Z");
              assertThat(p.indexCacheSize()).isEqualTo(DataSize.ofGigabytes(1));
              assertThat(c.maxConcurrentSeriesCalls()).isEqualTo(7);
              assertThat(c.limits()).isEqualTo(new BucketStoreConfig.Limits(1000, 2000, 64L * 1024 * 1024));
              assertThat(c.shard()).isEqualTo(new BucketStoreConfig.Shard(2, 3, List.of("__block_id")));
            });
  }
}
