package io.strata.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Listen addresses and shutdown grace periods every service has, with Thanos's flag names and defaults.
 *
 * @param httpAddress {@code --http-address}: HTTP API, probes and {@code /metrics}; default {@code 0.0.0.0:10902}
 * @param grpcAddress {@code --grpc-address}: StoreAPI and Info; default {@code 0.0.0.0:10901}
 * @param httpGracePeriod {@code --http-grace-period}: how long running HTTP requests may finish at shutdown; 2m
 * @param grpcGracePeriod {@code --grpc-grace-period}: the same for gRPC calls; 2m
 */
@ConfigurationProperties
public record ServerProperties(
    @DefaultValue("0.0.0.0:10902") String httpAddress,
    @DefaultValue("0.0.0.0:10901") String grpcAddress,
    @DefaultValue("2m") Duration httpGracePeriod,
    @DefaultValue("2m") Duration grpcGracePeriod) {}
