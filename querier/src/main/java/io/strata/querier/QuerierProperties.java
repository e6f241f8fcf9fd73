package io.strata.querier;

import io.strata.httpapi.ApiConfig;
import io.strata.httpapi.BuildInfo;
import io.strata.promql.EngineOptions;
import io.strata.query.endpoints.EndpointSet;
import io.strata.query.endpoints.EndpointSpec;
import io.strata.store.dedup.DedupAlgorithm;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The querier's flags, named and defaulted as Thanos's {@code thanos query} (reference: thanos-components.md
 * §1.2). The listen addresses are {@code lib/server}'s.
 *
 * @param endpoint {@code --endpoint} (repeatable; also the deprecated {@code --store}): StoreAPI endpoints as
 *     {@code host:port}, {@code dns+host:port} or {@code dnssrv+_grpc._tcp.name}
 * @param query {@code --query.*}
 * @param deduplication {@code --deduplication.func=penalty} (or {@code chain})
 * @param store {@code --store.response-timeout=0ms}, {@code --store.sd-dns-interval=30s}
 */
@ConfigurationProperties
public record QuerierProperties(
    @DefaultValue List<String> endpoint,
    @DefaultValue Query query,
    @DefaultValue Deduplication deduplication,
    @DefaultValue Store store) {

  /**
   * @param timeout {@code --query.timeout=2m}: the longest a query may run
   * @param maxConcurrent {@code --query.max-concurrent=20}: queries evaluated at once
   * @param lookbackDelta {@code --query.lookback-delta}: 0 (unset) means PromQL's 5m
   * @param replicaLabel {@code --query.replica-label} (repeatable or comma-separated): labels telling HA replicas
   *     apart, removed by deduplication
   * @param partialResponse {@code --query.partial-response=true} ({@code --no-query.partial-response} to abort on
   *     any failed endpoint unless a request says {@code partial_response=true})
   * @param defaultStep {@code --query.default-step=1s}: range queries without {@code step}
   * @param autoDownsampling {@code --query.auto-downsampling=false}: read downsampled data at step/5
   * @param maxSamples {@code --query.max-samples=50000000} (Prometheus's flag): samples one query may hold
   */
  public record Query(
      @DefaultValue("2m") Duration timeout,
      @DefaultValue("20") int maxConcurrent,
      @DefaultValue("0s") Duration lookbackDelta,
      @DefaultValue List<String> replicaLabel,
      @DefaultValue("true") boolean partialResponse,
      @DefaultValue("1s") Duration defaultStep,
      @DefaultValue("false") boolean autoDownsampling,
      @DefaultValue("50000000") long maxSamples) {}

  /** @param func {@code penalty} for HA pairs scraping independently, {@code chain} for 1:1 replicated samples */
  public record Deduplication(@DefaultValue("penalty") String func) {}

  /**
   * @param responseTimeout give up on an endpoint that sends nothing for this long (partial response); 0 waits
   *     for the query timeout
   * @param sdDnsInterval how often {@code dns+}/{@code dnssrv+} endpoints are resolved again
   */
  public record Store(@DefaultValue("0ms") Duration responseTimeout, @DefaultValue("30s") Duration sdDnsInterval) {}

  /** The parsed {@code --endpoint} values; fails start-up with the offending value when one is malformed. */
  public List<EndpointSpec> endpointSpecs() {
    return endpoint.stream().filter(s -> !s.isBlank()).map(EndpointSpec::parse).toList();
  }

  public DedupAlgorithm dedupAlgorithm() {
    return DedupAlgorithm.parse(deduplication.func());
  }

  /** Endpoint resolution and polling: Thanos's 5 s Info interval and timeout; data calls bounded by the query timeout. */
  public EndpointSet.Settings endpointSettings() {
    return new EndpointSet.Settings(store.sdDnsInterval(), Duration.ofSeconds(5), Duration.ofSeconds(5),
        query.timeout());
  }

  public EngineOptions engineOptions() {
    EngineOptions o = EngineOptions.defaults().withTimeout(query.timeout()).withMaxSamples(query.maxSamples());
    return query.lookbackDelta().isZero() ? o : o.withLookbackDelta(query.lookbackDelta());
  }

  public ApiConfig apiConfig() {
    return new ApiConfig(query.timeout(), query.maxConcurrent(), query.defaultStep(), query.lookbackDelta(), true,
        query.partialResponse(), query.replicaLabel(), query.autoDownsampling(), Duration.ZERO, BuildInfo.current());
  }
}
