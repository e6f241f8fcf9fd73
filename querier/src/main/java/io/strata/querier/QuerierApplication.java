package io.strata.querier;

import io.strata.server.ThanosArgs;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code bin/strata query [--flags]}: the querier. */
@SpringBootApplication
public class QuerierApplication {
  public static void main(String[] args) {
    start(args);
  }

  /**
   * Starts a querier with Thanos-style flags; tests pass {@code --http-address=127.0.0.1:0
   * --grpc-address=127.0.0.1:0} for free ports. Close the context to stop it.
   */
  public static ConfigurableApplicationContext start(String... args) {
    return SpringApplication.run(QuerierApplication.class, legacyStoreFlags(ThanosArgs.normalize(args)));
  }

  /**
   * Thanos's deprecated {@code --store=host:port} is {@code --endpoint=host:port}; renamed here because
   * {@code store} is also the prefix of {@code --store.response-timeout} and friends.
   */
  static String[] legacyStoreFlags(String[] args) {
    return Arrays.stream(args).map(a -> a.startsWith("--store=") ? "--endpoint=" + a.substring("--store=".length()) : a)
        .toArray(String[]::new);
  }
}
