package io.strata.storegateway;

import io.strata.server.ThanosArgs;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code bin/strata store [--flags]}: the store gateway. */
@SpringBootApplication
public class StoreGatewayApplication {
  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts a store gateway with Thanos-style flags ({@code --flag=value} or {@code --flag value}); tests pass
   * {@code --http-address=127.0.0.1:0 --grpc-address=127.0.0.1:0} for free ports. Close the context to stop it.
   */
  public static ConfigurableApplicationContext start(String... args) {
    return SpringApplication.run(StoreGatewayApplication.class, ThanosArgs.normalize(args));
  }
}
