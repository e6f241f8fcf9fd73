package io.strata.storegateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.strata.objstore.Bucket;
import io.strata.server.ObjstoreConfiguration;
import io.strata.server.ReadinessCheck;
import io.strata.store.bucket.BlockSyncer;
import io.strata.store.bucket.BucketStore;
import io.strata.store.bucket.BucketStoreConfig;
import io.strata.store.bucket.InMemoryIndexCache;
import io.strata.store.bucket.IndexCache;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The store gateway, in the order data flows: bucket (metered, from {@link ObjstoreConfiguration}) → block
 * syncer (first sync in the background at start, then every {@code --sync-block-duration}) → index cache →
 * {@link BucketStore} → the gRPC {@code thanos.Store} and {@code thanos.info.Info} services. Ready once the first
 * sync completed.
 */
@Configuration(proxyBeanMethods = false)
@Import(ObjstoreConfiguration.class)
@EnableConfigurationProperties(StoreGatewayProperties.class)
public class StoreGatewayConfiguration {
  @Bean
  public BucketStoreConfig bucketStoreConfig(StoreGatewayProperties props) {
    return props.toConfig();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  public BlockSyncer blockSyncer(Bucket bucket, BucketStoreConfig config, MeterRegistry registry, Clock clock) {
    return new BlockSyncer(bucket, config, registry, clock);
  }

  @Bean
  public IndexCache indexCache(StoreGatewayProperties props, MeterRegistry registry) {
    return new InMemoryIndexCache(props.indexCacheSize().toBytes(), registry);
  }

  @Bean(destroyMethod = "close")
  public BucketStore bucketStore(BlockSyncer syncer, IndexCache cache, BucketStoreConfig config,
      MeterRegistry registry, Clock clock, ExecutorService blockingExecutor) {
    return new BucketStore(syncer, cache, config, registry, clock, blockingExecutor);
  }

  @Bean
  public StoreGrpcService storeGrpcService(BucketStore store) {
    return new StoreGrpcService(store);
  }

  @Bean
  public InfoGrpcService infoGrpcService(BucketStore store) {
    return new InfoGrpcService(store);
  }

  @Bean
  public ReadinessCheck firstBlockSync(BlockSyncer syncer) {
    return ReadinessCheck.of("first block sync", syncer::firstSyncSucceeded);
  }
}
