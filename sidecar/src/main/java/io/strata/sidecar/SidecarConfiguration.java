package io.strata.sidecar;

import io.micrometer.core.instrument.MeterRegistry;
import io.strata.block.shipper.Shipper;
import io.strata.block.shipper.ShipperLoop;
import io.strata.block.shipper.UploadPreconditions;
import io.strata.objstore.Bucket;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.server.ObjstoreConfiguration;
import io.strata.server.ReadinessCheck;
import io.strata.store.bucket.TimeBound;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import io.strata.store.prometheus.PrometheusStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The sidecar, in the order data flows: Prometheus client → metadata (start-up waits until Prometheus answers and
 * refuses to go on without external labels, then refreshes every {@code --prometheus.get_config_interval}) →
 * {@link PrometheusStore} → the gRPC {@code thanos.Store} and {@code thanos.info.Info} services. With a bucket
 * configured, also: bucket → {@link Shipper} → {@link ShipperLoop}, started only after
 * {@link UploadPreconditions} accepted Prometheus's block durations. Ready while the metadata is fresh.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SidecarProperties.class)
public class SidecarConfiguration {
  /** Start-up retries Prometheus this often until {@code --prometheus.ready_timeout}. */
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(2);

  @Bean
  public PrometheusClient prometheusClient(SidecarProperties props) {
    return new PrometheusClient(props.prometheus().url(), props.prometheus().getConfigTimeout());
  }

  @Bean(destroyMethod = "shutdownNow")
  public ScheduledExecutorService prometheusMetadataRefresh() {
    return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("prometheus-metadata").daemon(true)
        .factory());
  }

  @Bean
  public PrometheusMetadata prometheusMetadata(PrometheusClient client, SidecarProperties props, Clock clock,
      ScheduledExecutorService prometheusMetadataRefresh) throws InterruptedException {
    PrometheusMetadata metadata = new PrometheusMetadata(client, TimeBound.parse(props.minTime()).resolve(clock));
    metadata.awaitExternalLabels(props.prometheus().readyTimeout(), RETRY_INTERVAL);
    metadata.scheduleRefresh(prometheusMetadataRefresh, props.prometheus().getConfigInterval());
    return metadata;
  }

  @Bean
  public PrometheusStore prometheusStore(PrometheusClient client, PrometheusMetadata metadata) {
    return new PrometheusStore(client, metadata);
  }

  @Bean
  public StoreGrpcService storeGrpcService(PrometheusStore store) {
    return new StoreGrpcService(store);
  }

  @Bean
  public InfoGrpcService infoGrpcService(PrometheusStore store) {
    return new InfoGrpcService(store);
  }

  @Bean
  public ReadinessCheck prometheusReachable(PrometheusMetadata metadata) {
    return ReadinessCheck.of("Prometheus reachable with external labels", metadata::ready);
  }

  /** Uploads, only when {@code --objstore.config-file} or {@code --objstore.config} is given. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(BucketConfigured.class)
  @Import(ObjstoreConfiguration.class)
  public static class Uploads {
    @Bean
    public Shipper shipper(SidecarProperties props, Bucket bucket, PrometheusMetadata metadata, Clock clock,
        MeterRegistry registry) {
      return new Shipper(props.tsdb().path(), bucket, metadata::externalLabels,
          new Shipper.Options(Shipper.SOURCE_SIDECAR, props.shipper().uploadCompacted(),
              props.shipper().metaFileName()), clock, registry);
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    public ShipperLoop shipperLoop(Shipper shipper, PrometheusClient client, SidecarProperties props)
        throws InterruptedException {
      UploadPreconditions.verify(client, props.prometheus().readyTimeout(), RETRY_INTERVAL);
      return new ShipperLoop(shipper);
    }
  }

  /**
   * Whether a bucket flag is set. A plain condition rather than a SpEL expression: bucket YAML is full of quotes
   * and braces that an expression would try to parse.
   */
  static final class BucketConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !context.getEnvironment().getProperty("objstore.config-file", "").isBlank()
          || !context.getEnvironment().getProperty("objstore.config", "").isBlank();
    }
  }
}
