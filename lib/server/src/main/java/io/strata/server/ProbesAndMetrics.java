package io.strata.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The management endpoints every service has, answered as Thanos answers them: {@code /-/healthy} 200
 * {@code OK} while the process serves at all; {@code /-/ready} 200 {@code OK} once every readiness check passes,
 * else 503 {@code NOT OK}; {@code /metrics} the Prometheus text exposition of the service's meters.
 */
public final class ProbesAndMetrics {
  /** Prometheus text format 0.0.4, what every scraper understands. */
  static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

  private ProbesAndMetrics() {}

  public static RouterFunction<ServerResponse> routes(Readiness readiness, PrometheusMeterRegistry registry) {
    return RouterFunctions.route()
        .GET("/-/healthy", r -> ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("OK"))
        .GET("/-/ready", r -> readiness.ready()
            ? ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue("OK")
            : ServerResponse.status(503).contentType(MediaType.TEXT_PLAIN)
                .bodyValue("NOT OK\nwaiting for: " + String.join(", ", readiness.pending()) + "\n"))
        // The scrape walks every meter: cheap, but kept off the event loop like any other work.
        .GET("/metrics", r -> Mono.fromCallable(registry::scrape)
            .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
            .flatMap(text -> ServerResponse.ok().contentType(PROMETHEUS_TEXT).bodyValue(text)))
        .build();
  }
}
