package io.strata.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Every flag binds under its Thanos name (underscores included), with Thanos's default. */
class SidecarPropertiesTest {
  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SidecarProperties.class)
  static class Props {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Props.class);

  @Test
  void defaultsAreThanos() {
    runner.run(ctx -> {
      SidecarProperties p = ctx.getBean(SidecarProperties.class);
      assertThat(p.tsdb().path().normalize()).isEqualTo(Path.of("data"));
      assertThat(p.prometheus().url()).isEqualTo(URI.create("http://localhost:9090"));
      assertThat(p.prometheus().readyTimeout()).isEqualTo(Duration.ofMinutes(10));
      assertThat(p.prometheus().getConfigInterval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(p.prometheus().getConfigTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(p.shipper().uploadCompacted()).isFalse();
      assertThat(p.shipper().metaFileName()).isEqualTo("thanos.shipper.json");
      assertThat(p.minTime()).isEqualTo("0000-01-01T00:00:00Z");
    });
  }

  @Test
  void thanosFlagNamesBind() {
    runner.withPropertyValues("tsdb.path=/prom/data", "prometheus.url=http://prom:9090",
        "prometheus.ready_timeout=1m", "prometheus.get_config_interval=5s", "prometheus.get_config_timeout=3s",
        "shipper.upload-compacted=true", "shipper.meta-file-name=other.json", "min-time=-2w").run(ctx -> {
          SidecarProperties p = ctx.getBean(SidecarProperties.class);
          assertThat(p.tsdb().path()).isEqualTo(Path.of("/prom/data"));
          assertThat(p.prometheus().url()).isEqualTo(URI.create("http://prom:9090"));
          assertThat(p.prometheus().readyTimeout()).isEqualTo(Duration.ofMinutes(1));
          assertThat(p.prometheus().getConfigInterval()).isEqualTo(Duration.ofSeconds(5));
          assertThat(p.prometheus().getConfigTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(p.shipper().uploadCompacted()).isTrue();
          assertThat(p.shipper().metaFileName()).isEqualTo("other.json");
          assertThat(p.minTime()).isEqualTo("-2w");
        });
  }
}
