package io.strata.httpapi;

import io.strata.model.Labels;
import io.strata.promql.EngineOptions;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.promql.storage.InMemoryStorage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small in-memory data set and an API over it, for the golden tests.
 *
 * <p>Data: {@code up} of two targets and one counter, sampled at {@link #T0} and 15 s before.
 */
final class ApiFixture {
  /** 2015-07-01T20:10:51.781Z, the timestamp of Prometheus's documentation examples. */
  static final long T0 = 1435781451781L;
  static final BuildInfo BUILD = new BuildInfo("0.1.0", "abc123", "main", "ci@strata", "20260101-00:00:00", "java21.0.1");

  final InMemoryStorage storage = new InMemoryStorage();
  final List<ReadContext> contexts = new ArrayList<>();
  final AtomicBoolean ready = new AtomicBoolean(true);
  ApiStorage apiStorage = ctx -> {
    contexts.add(ctx);
    return storage;
  };
  List<EndpointStatus> stores = new ArrayList<>();

  ApiFixture() {
    Labels prom = Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090");
    Labels node = Labels.of("__name__", "up", "job", "node", "instance", "localhost:9100");
    Labels requests = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");
    storage.put(prom, new long[] {T0 - 15_000, T0}, new double[] {1, 1});
    storage.put(node, new long[] {T0 - 15_000, T0}, new double[] {0, 0});
    storage.put(requests, new long[] {T0 - 15_000, T0}, new double[] {10, 20});
  }

  PrometheusApi api(ApiConfig config) {
    return new PrometheusApi(new DefaultQueryEngine(EngineOptions.defaults().withTimeout(config.timeout())),
        ctx -> apiStorage.queryable(ctx), config.withTimeout(config.timeout()), () -> stores, ready::get,
        Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC));
  }

  PrometheusApi api() {
    return api(new ApiConfig(java.time.Duration.ofMinutes(2), 20, java.time.Duration.ofSeconds(1),
        java.time.Duration.ZERO, true, true, List.of(), false, java.time.Duration.ZERO, BUILD));
  }

  static ApiRequest get(String query) {
    return ApiRequest.get(query);
  }

  static ApiRequest post(String body) {
    return ApiRequest.postForm("", body);
  }

  static ApiRequest withOrigin(ApiRequest r) {
    return new ApiRequest(r.method(), r.params(), Map.of("Origin", "http://grafana:3000"));
  }
}
