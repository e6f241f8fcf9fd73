package io.strata.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Probes, metrics and the gRPC server of a service context on random ports. */
@SpringBootTest(classes = TestService.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "grpc-address=127.0.0.1:0")
class ServerContextTest {
  @Autowired
  WebTestClient web;
  @Autowired
  GrpcServer grpc;
  @Autowired
  MeterRegistry registry;

  @Test
  void healthyAlwaysReadyAfterTheChecks() {
    web.get().uri("/-/healthy").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("OK");
    TestService.READY.set(false);
    web.get().uri("/-/ready").exchange().expectStatus().isEqualTo(503).expectBody(String.class)
        .value(b -> assertThat(b).startsWith("NOT OK").contains("test check"));
    TestService.READY.set(true);
    web.get().uri("/-/ready").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("OK");
  }

  @Test
  void metricsInPrometheusTextWithJvmAndProcessMeters() {
    registry.counter("strata.test.requests").increment();
    web.get().uri("/metrics").exchange().expectStatus().isOk()
        .expectHeader().contentType("text/plain;version=0.0.4;charset=utf-8")
        .expectBody(String.class).value(b -> assertThat(b)
            .contains("# TYPE strata_test_requests_total counter")
            .contains("strata_test_requests_total 1.0")
            .contains("jvm_memory_used_bytes{")
            .contains("process_uptime_seconds")
            .contains("jvm_threads_live_threads"));
  }

  @Test
  void grpcServesTheServiceBeansOnTheConfiguredAddress() {
    assertThat(grpc.isRunning()).isTrue();
    assertThat(grpc.port()).isPositive();
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    try {
      HealthCheckResponse r = HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance());
      assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    } finally {
      ch.shutdownNow();
    }
  }
}
