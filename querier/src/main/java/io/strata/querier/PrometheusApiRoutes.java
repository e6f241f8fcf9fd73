package io.strata.querier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.httpapi.ApiRequest;
import io.strata.httpapi.ApiResponse;
import io.strata.httpapi.PrometheusApi;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The WebFlux adapter of {@link PrometheusApi}: everything under {@code /api/v1} goes to it with the raw query
 * string and urlencoded form body decoded by {@link ApiRequest#parseQuery} (Go's rules, where {@code +} is a
 * space — Spring's own decoding keeps it, which would break Grafana's queries). The API blocks while the query
 * runs, so it is called on a virtual thread, never on the event loop; a client that goes away cancels the query.
 * Every answer is timed in {@code strata_querier_api_request_duration_seconds{handler, code}}.
 */
public final class PrometheusApiRoutes {
  /** Go's {@code ParseForm} reads at most 10 MB of body. */
  static final int MAX_FORM_BYTES = 10 << 20;

  private PrometheusApiRoutes() {}

  public static RouterFunction<ServerResponse> routes(PrometheusApi api, Executor blocking, MeterRegistry registry) {
    Scheduler scheduler = Schedulers.fromExecutor(blocking);
    return RouterFunctions.route(RequestPredicates.path("/api/v1/**"), req -> handle(api, scheduler, registry, req));
  }

  /** The handler name for metrics: {@code query}, {@code label_values}, {@code status_buildinfo}, ... */
  static String handlerName(String path) {
    if (path.startsWith("/label/") && path.endsWith("/values")) {
      return "label_values";
    }
    String h = path.startsWith("/") ? path.substring(1) : path;
    return h.isEmpty() || h.length() > 40 ? "other" : h.replace('/', '_');
  }

  static Mono<ServerResponse> handle(PrometheusApi api, Scheduler scheduler, MeterRegistry registry,
      ServerRequest req) {
    long start = System.nanoTime();
    String fullPath = UriUtils.decode(req.requestPath().pathWithinApplication().value(), StandardCharsets.UTF_8);
    String path = fullPath.substring("/api/v1".length());
    String method = req.method().name();
    boolean form = "POST".equals(method) && req.headers().contentType()
        .map(ct -> ct.isCompatibleWith(MediaType.APPLICATION_FORM_URLENCODED)).orElse(false);
    Mono<String> body = form
        ? DataBufferUtils.join(req.body(BodyExtractors.toDataBuffers()), MAX_FORM_BYTES).map(PrometheusApiRoutes::text)
            .defaultIfEmpty("")
        : Mono.just("");
    Map<String, String> headers = new HashMap<>();
    String origin = req.headers().firstHeader(HttpHeaders.ORIGIN);
    if (origin != null) {
      headers.put(HttpHeaders.ORIGIN, origin);
    }
    String rawQuery = req.uri().getRawQuery();
    return body.flatMap(b -> {
      ApiRequest r = new ApiRequest(method, ApiRequest.merge(ApiRequest.parseQuery(b), ApiRequest.parseQuery(rawQuery)),
          headers);
      return Mono.fromCallable(() -> api.handle(path, r)).subscribeOn(scheduler).doOnCancel(r::cancel);
    }).doOnNext(resp -> Timer.builder("strata.querier.api.request.duration")
        .description("Prometheus HTTP API requests by handler and status code.")
        .tag("handler", handlerName(path)).tag("code", Integer.toString(resp.status()))
        .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS))
        .flatMap(PrometheusApiRoutes::write);
  }

  private static String text(DataBuffer buf) {
    try {
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      DataBufferUtils.release(buf);
    }
  }

  private static Mono<ServerResponse> write(ApiResponse resp) {
    ServerResponse.BodyBuilder b = ServerResponse.status(resp.status());
    resp.headers().forEach(b::header);
    if (resp.contentType() == null || resp.body().length == 0) {
      return b.build();
    }
    return b.contentType(MediaType.parseMediaType(resp.contentType())).bodyValue(resp.body());
  }
}
