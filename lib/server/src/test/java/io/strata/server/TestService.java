package io.strata.server;

import io.grpc.BindableService;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A minimal service: one gRPC service (gRPC health) and one readiness check the test flips. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestService {
  static final AtomicBoolean READY = new AtomicBoolean();

  @Bean
  BindableService healthService() {
    return new HealthStatusManager().getHealthService();
  }

  @Bean
  ReadinessCheck testCheck() {
    return ReadinessCheck.of("test check", READY::get);
  }
}
