package io.strata.sidecar;

import io.strata.server.ThanosArgs;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code bin/strata sidecar [--flags]}: the sidecar. */
@SpringBootApplication
public class SidecarApplication {
  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts a sidecar with Thanos-style flags ({@code --flag=value} or {@code --flag value}); tests pass
   * {@code --http-address=127.0.0.1:0 --grpc-address=127.0.0.1:0} for free ports. Close the context to stop it.
   */
  public static ConfigurableApplicationContext start(String... args) {
    return SpringApplication.run(SidecarApplication.class, ThanosArgs.normalize(args));
  }
}
