package io.strata.e2e;

import static io.strata.e2e.support.SidecarFixture.P;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.strata.e2e.support.PrometheusServer;
import io.strata.e2e.support.SidecarFixture;
import io.strata.model.Labels;
import io.strata.objstore.S3ProxyServer;
import io.strata.promclient.PrometheusClient;
import io.strata.querier.QuerierApplication;
import io.strata.server.GrpcServer;
import io.strata.sidecar.SidecarApplication;
import io.strata.storegateway.StoreGatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The acceptance run of the sidecar issue, with the services as {@code bin/strata} starts them: a real Prometheus
 * 2.42 with promtool-made history backfilled and recent data in its head; the sidecar service shipping to a real S3
 * server (S3Proxy) and serving remote read; the store gateway service over the same bucket; the querier service over
 * both (gRPC StoreAPI). Range queries spanning old (bucket) and recent (remote read) data must answer as Prometheus
 * itself does.
 */
class SidecarStackTest {
  /** Expressions whose answers match Prometheus 2.42 exactly on steps off the sample grid (see SidecarReadPathTest). */
  static final List<String> QUERIES = List.of("e2e_metric", "delta(e2e_metric[5m])", "avg_over_time(e2e_metric[5m])",
      "sum by (series) (e2e_metric)", "max(max_over_time(e2e_metric[10m]))");
  private final HttpClient http = HttpClient.newHttpClient();

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 100_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(200);
    }
  }

  private static int httpPort(ConfigurableApplicationContext ctx) {
    return ((WebServerApplicationContext) ctx).getWebServer().getPort();
  }

  @Test
  void querierOverSidecarAndStoreGatewayAnswersLikePrometheus(@TempDir Path tmp) throws Exception {
    SidecarFixture.History history = SidecarFixture.history(tmp);
    long now = history.now();
    long histStart = history.start();
    long histEnd = history.end();
    Path data = Files.createDirectories(tmp.resolve("data"));

    try (PrometheusServer prometheus = SidecarFixture.startPrometheus(data);
        S3ProxyServer s3 = S3ProxyServer.startTransient()) {
      List<String> blocks = SidecarFixture.backfill(history.blocks(), data);
      SidecarFixture.remoteWrite(prometheus.url(), now - 30 * 60_000L, now);
      String bucket = "{type: S3, config: {bucket: " + s3.createBucket("stack") + ", endpoint: '"
          + s3.endpoint().getAuthority() + "', insecure: true, region: us-east-1, access_key: "
          + S3ProxyServer.ACCESS_KEY + ", secret_key: " + S3ProxyServer.SECRET_KEY + "}}";

      try (ConfigurableApplicationContext sidecar = SidecarApplication.start("--http-address=127.0.0.1:0",
              "--grpc-address=127.0.0.1:0", "--tsdb.path=" + data, "--prometheus.url=" + prometheus.url(),
              "--prometheus.get_config_interval=1s", "--objstore.config=" + bucket);
          ConfigurableApplicationContext store = StoreGatewayApplication.start("--http-address=127.0.0.1:0",
              "--grpc-address=127.0.0.1:0", "--data-dir=" + tmp.resolve("store-gateway"),
              "--sync-block-duration=1s", "--objstore.config=" + bucket);
          ConfigurableApplicationContext querier = QuerierApplication.start("--http-address=127.0.0.1:0",
              "--grpc-address=127.0.0.1:0",
              "--endpoint=127.0.0.1:" + sidecar.getBean(GrpcServer.class).port(),
              "--endpoint=127.0.0.1:" + store.getBean(GrpcServer.class).port())) {
        String q = "http://127.0.0.1:" + httpPort(querier);
        String sidecarMetrics = "http://127.0.0.1:" + httpPort(sidecar) + "/metrics";
        // The store gateway serves the whole history once Prometheus loaded the backfill and the sidecar shipped it.
        await(() -> {
          try {
            String stores = get(q + "/api/v1/stores");
            return stores.contains("\"minTime\":" + histStart) && stores.contains("\"sidecar\"")
                && get(sidecarMetrics).matches("(?s).*\\nstrata_shipper_uploads_total [1-9].*");
          } catch (Exception e) {
            return false;
          }
        }, "history shipped and served by the store gateway");
        PrometheusClient client = new PrometheusClient(URI.create(prometheus.url()), Duration.ofSeconds(10));
        await(() -> {
          try {
            return client.lowestTimestamp() == histStart;
          } catch (Exception e) {
            return false;
          }
        }, "Prometheus to load the backfill");

        // Raw samples over everything: the querier's answer equals Prometheus's.
        long start = histStart + 7_000;
        for (String expr : QUERIES) {
          TreeMap<Labels, List<P>> ours = SidecarFixture.queryRange(q, expr, start, now, false);
          TreeMap<Labels, List<P>> theirs = SidecarFixture.queryRange(prometheus.url(), expr, start, now,
              SidecarFixture.keepsLabels(expr));
          assertThat(ours.keySet()).as(expr).containsExactlyElementsOf(theirs.keySet()).isNotEmpty();
          for (Map.Entry<Labels, List<P>> e : ours.entrySet()) {
            List<P> want = theirs.get(e.getKey());
            assertThat(e.getValue()).as("%s %s", expr, e.getKey()).hasSize(want.size());
            for (int i = 0; i < want.size(); i++) {
              assertThat(e.getValue().get(i).t()).isEqualTo(want.get(i).t());
              assertThat(e.getValue().get(i).value()).as("%s %s at %d", expr, e.getKey(), want.get(i).t())
                  .isCloseTo(want.get(i).value(), within(1e-9));
            }
          }
        }
        assertThat(blocks).hasSize(3);
      }
    }
  }
}
