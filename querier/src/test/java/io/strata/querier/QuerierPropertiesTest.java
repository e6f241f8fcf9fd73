package io.strata.querier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.httpapi.ApiConfig;
import io.strata.query.endpoints.EndpointSpec;
import io.strata.store.dedup.DedupAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Every flag binds under its Thanos name, with Thanos's default. */
class QuerierPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(QuerierProperties.class)
  static class Props {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

  @Test
  void defaultsAreThanos() {
    runner.run(ctx -> {
      QuerierProperties p = ctx.getBean(QuerierProperties.class);
      assertThat(p.endpoint()).isEmpty();
      assertThat(p.query().timeout()).isEqualTo(Duration.ofMinutes(2));
      assertThat(p.query().maxConcurrent()).isEqualTo(20);
      assertThat(p.query().lookbackDelta()).isZero();
      assertThat(p.query().replicaLabel()).isEmpty();
      assertThat(p.query().partialResponse()).isTrue();
      assertThat(p.query().defaultStep()).isEqualTo(Duration.ofSeconds(1));
      assertThat(p.query().autoDownsampling()).isFalse();
      assertThat(p.query().maxSamples()).isEqualTo(50_000_000L);
      assertThat(p.dedupAlgorithm()).isEqualTo(DedupAlgorithm.PENALTY);
      assertThat(p.store().responseTimeout()).isZero();
      assertThat(p.store().sdDnsInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(p.engineOptions().lookbackDelta()).isEqualTo(Duration.ofMinutes(5));
      ApiConfig api = p.apiConfig();
      assertThat(api.partialResponse()).isTrue();
      assertThat(api.maxConcurrent()).isEqualTo(20);
      assertThat(p.endpointSettings().infoInterval()).isEqualTo(Duration.ofSeconds(5));
    });
  }

  @Test
  void everyFlagBinds() {
    runner.withPropertyValues("endpoint=10.0.0.1:10901,dns+store.svc:10901,dnssrv+_grpc._tcp.store",
        "query.timeout=30s", "query.max-concurrent=4", "query.lookback-delta=10m",
        "query.replica-label=replica,rule_replica", "query.partial-response=false", "query.default-step=15s",
        "query.auto-downsampling=true", "query.max-samples=1000", "deduplication.func=chain",
        "store.response-timeout=2s", "store.sd-dns-interval=1m").run(ctx -> {
          QuerierProperties p = ctx.getBean(QuerierProperties.class);
          assertThat(p.endpointSpecs()).extracting(EndpointSpec::kind).containsExactly(EndpointSpec.Kind.STATIC,
              EndpointSpec.Kind.DNS, EndpointSpec.Kind.DNS_SRV);
          assertThat(p.query().replicaLabel()).containsExactly("replica", "rule_replica");
          assertThat(p.dedupAlgorithm()).isEqualTo(DedupAlgorithm.CHAIN);
          assertThat(p.engineOptions().timeout()).isEqualTo(Duration.ofSeconds(30));
          assertThat(p.engineOptions().lookbackDelta()).isEqualTo(Duration.ofMinutes(10));
          assertThat(p.engineOptions().maxSamples()).isEqualTo(1000);
          ApiConfig api = p.apiConfig();
          assertThat(api.partialResponse()).isFalse();
          assertThat(api.replicaLabels()).containsExactly("replica", "rule_replica");
          assertThat(api.defaultStep()).isEqualTo(Duration.ofSeconds(15));
          assertThat(api.autoDownsampling()).isTrue();
          assertThat(api.maxConcurrent()).isEqualTo(4);
          assertThat(p.store().responseTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(p.endpointSettings().dnsInterval()).isEqualTo(Duration.ofMinutes(1));
          assertThat(p.endpointSettings().callTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
  }

  @Test
  void endpointAndStoreSubflagsCoexist() {
    runner.withPropertyValues("endpoint=a:1", "store.response-timeout=3s").run(ctx -> {
      QuerierProperties p = ctx.getBean(QuerierProperties.class);
      assertThat(p.endpoint()).containsExactly("a:1");
      assertThat(p.store().responseTimeout()).isEqualTo(Duration.ofSeconds(3));
    });
  }

  @Test
  void legacyStoreFlagIsAnEndpoint() {
    assertThat(QuerierApplication.legacyStoreFlags(new String[] {"--store=a:1", "--store.response-timeout=1s"}))
        .containsExactly("--endpoint=a:1", "--store.response-timeout=1s");
    assertThat(List.of(QuerierApplication.legacyStoreFlags(new String[] {"--endpoint=b:2"})))
        .containsExactly("--endpoint=b:2");
  }

  @Test
  void badEndpointsAndDedupFuncFailStartUp() {
    runner.withPropertyValues("endpoint=nohostport").run(ctx ->
        assertThatThrownBy(() -> ctx.getBean(QuerierProperties.class).endpointSpecs())
            .hasMessageContaining("expected host:port"));
    runner.withPropertyValues("deduplication.func=magic").run(ctx ->
        assertThatThrownBy(() -> ctx.getBean(QuerierProperties.class).dedupAlgorithm())
            .hasMessageContaining("unknown deduplication algorithm magic"));
  }
}
