package io.strata.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Thanos-style flags on a real command line: addresses, negations, space-separated values, log level. */
class ThanosFlagsTest {
  @Test
  void addressesAndFlagFormsAsThanosTakesThem() throws Exception {
    String[] args = ThanosArgs.normalize("--http-address", "127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--no-strata.test.enabled", "--log.level=warn", "--grpc-grace-period=5s");
    try (ConfigurableApplicationContext ctx = SpringApplication.run(TestService.class, args)) {
      int port = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      assertThat(ctx.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
      assertThat(ctx.getEnvironment().getProperty("strata.test.enabled")).isEqualTo("false");
      assertThat(ctx.getEnvironment().getProperty("logging.level.root")).isEqualTo("WARN");
      ServerProperties props = ctx.getBean(ServerProperties.class);
      assertThat(props.grpcAddress()).isEqualTo("127.0.0.1:0");
      assertThat(props.grpcGracePeriod()).isEqualTo(Duration.ofSeconds(5));
      assertThat(props.httpGracePeriod()).isEqualTo(Duration.ofMinutes(2));
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/healthy")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ctx.getBean(GrpcServer.class).port()).isPositive();
    }
  }

  @Test
  void defaultsAreThanosPorts() {
    ServerProperties p = new ServerProperties("0.0.0.0:10902", "0.0.0.0:10901", Duration.ofMinutes(2),
        Duration.ofMinutes(2));
    assertThat(HostPort.parse(p.httpAddress())).isEqualTo(new HostPort("0.0.0.0", 10902));
    assertThat(ThanosFlagsEnvironmentPostProcessor.DEFAULT_GRPC_ADDRESS).isEqualTo("0.0.0.0:10901");
  }

  @Test
  void hostPorts() {
    assertThat(HostPort.parse(":10902")).isEqualTo(new HostPort("0.0.0.0", 10902));
    assertThat(HostPort.parse("[::1]:10901")).isEqualTo(new HostPort("::1", 10901));
    assertThat(HostPort.parse("[::1]:10901").toString()).isEqualTo("[::1]:10901");
    assertThat(HostPort.parse("localhost:0").port()).isZero();
    assertThatThrownBy(() -> HostPort.parse("10902")).hasMessageContaining("not host:port");
    assertThatThrownBy(() -> HostPort.parse("a:b")).hasMessageContaining("no numeric port");
  }

  @Test
  void argsNormalisation() {
    assertThat(ThanosArgs.normalize("--endpoint", "a:1", "--endpoint=b:2", "--query.auto-downsampling",
        "--store", "c:3")).containsExactly("--endpoint=a:1", "--endpoint=b:2", "--query.auto-downsampling",
        "--store=c:3");
  }
}
