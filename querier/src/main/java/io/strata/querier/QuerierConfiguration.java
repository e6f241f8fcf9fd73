package io.strata.querier;

import io.micrometer.core.instrument.MeterRegistry;
import io.strata.httpapi.PrometheusApi;
import io.strata.promql.QueryEngine;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.query.StoreQueryable;
import io.strata.query.endpoints.EndpointSet;
import io.strata.query.endpoints.Resolver;
import io.strata.server.Readiness;
import io.strata.server.ReadinessCheck;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import io.strata.store.proxy.ProxyStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The querier, in the order data flows: endpoints (resolved and polled) → fan-out proxy → PromQL storage with
 * replica dedup → engine → Prometheus HTTP API; and the proxy again as this querier's own StoreAPI, so another
 * querier can use it as an endpoint. Ready once the endpoints were resolved and asked for their Info once.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QuerierProperties.class)
public class QuerierConfiguration {
  @Bean(initMethod = "start", destroyMethod = "close")
  public EndpointSet endpointSet(QuerierProperties props, Clock clock, MeterRegistry registry) {
    return new EndpointSet(props.endpointSpecs(), Resolver.SYSTEM, EndpointSet::plaintextChannel,
        props.endpointSettings(), clock, registry);
  }

  @Bean
  public ProxyStore proxyStore(EndpointSet endpoints, QuerierProperties props, ExecutorService blockingExecutor) {
    return new ProxyStore(endpoints::storeRefs, props.store().responseTimeout(), 64, blockingExecutor);
  }

  @Bean
  public StoreQueryable storeQueryable(EndpointSet endpoints, QuerierProperties props,
      ExecutorService blockingExecutor) {
    return StoreQueryable.overEndpoints(endpoints::storeRefs, props.store().responseTimeout(), blockingExecutor,
        props.dedupAlgorithm());
  }

  @Bean
  public QueryEngine queryEngine(QuerierProperties props) {
    return new DefaultQueryEngine(props.engineOptions());
  }

  @Bean
  public PrometheusApi prometheusApi(QueryEngine engine, StoreQueryable storage, QuerierProperties props,
      EndpointSet endpoints, Readiness readiness, Clock clock) {
    return new PrometheusApi(engine, storage, props.apiConfig(), endpoints::statuses, readiness::ready, clock);
  }

  @Bean
  public RouterFunction<ServerResponse> prometheusApiRoutes(PrometheusApi api, ExecutorService blockingExecutor,
      MeterRegistry registry) {
    return PrometheusApiRoutes.routes(api, blockingExecutor, registry);
  }

  @Bean
  public StoreGrpcService storeGrpcService(ProxyStore proxy) {
    return new StoreGrpcService(proxy);
  }

  @Bean
  public InfoGrpcService infoGrpcService(ProxyStore proxy) {
    return new InfoGrpcService(proxy);
  }

  @Bean
  public ReadinessCheck endpointsDiscovered(EndpointSet endpoints) {
    return ReadinessCheck.of("first endpoint discovery and Info round", endpoints::initialized);
  }
}
