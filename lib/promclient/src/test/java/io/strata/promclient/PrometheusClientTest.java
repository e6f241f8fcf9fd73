package io.strata.promclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a fake Prometheus answering with bodies shaped like Prometheus 2.42's. */
class PrometheusClientTest {
  private HttpServer server;
  private PrometheusClient client;
  private final Map<String, String> lastRequest = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.start();
    client = new PrometheusClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void respond(String path, int status, String body) {
    server.createContext(path, ex -> {
      String q = ex.getRequestURI().getRawQuery();
      String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      lastRequest.put(path, ex.getRequestMethod() + " " + decode(q == null ? form : q));
      send(ex, status, body);
    });
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Test
  void readsFlags() throws IOException {
    respond("/api/v1/status/flags", 200, """
        {"status":"success","data":{"storage.tsdb.min-block-duration":"2h","storage.tsdb.max-block-duration":"1d",
         "web.enable-lifecycle":"false"}}""");
    PrometheusFlags f = client.flags();
    assertThat(f.minBlockDuration()).isEqualTo(Duration.ofHours(2));
    assertThat(f.maxBlockDuration()).isEqualTo(Duration.ofDays(1));
    assertThat(f.get("web.enable-lifecycle")).isEqualTo("false");
  }

  @Test
  void missingFlagsEndpointIsNotFound() {
    respond("/api/v1/status/other", 200, "{}");
    assertThatThrownBy(() -> client.flags())
        .isInstanceOfSatisfying(PrometheusApiException.class, e -> assertThat(e.isNotFound()).isTrue());
  }

  @Test
  void readsExternalLabelsFromTheLoadedConfig() throws IOException {
    respond("/api/v1/status/config", 200, """
        {"status":"success","data":{"yaml":"global:\\n  scrape_interval: 15s\\n  external_labels:\\n    replica: \\"0\\"\\n    cluster: local\\nscrape_configs: []\\n"}}""");
    assertThat(client.externalLabels()).isEqualTo(Labels.of("cluster", "local", "replica", "0"));
  }

  @Test
  void configWithoutExternalLabelsGivesNone() throws IOException {
    respond("/api/v1/status/config", 200, """
        {"status":"success","data":{"yaml":"global:\\n  scrape_interval: 15s\\n"}}""");
    assertThat(client.externalLabels()).isEqualTo(Labels.EMPTY);
  }

  @Test
  void readsLowestTimestampFromMetrics() throws IOException {
    respond("/metrics", 200, """
        # HELP prometheus_tsdb_lowest_timestamp_seconds Lowest timestamp value stored in the database.
        # TYPE prometheus_tsdb_lowest_timestamp_seconds gauge
        prometheus_tsdb_lowest_timestamp_seconds 1.700000123e+09
        prometheus_tsdb_lowest_timestamp 1.700000123456e+12
        """);
    assertThat(client.lowestTimestamp()).isEqualTo(1_700_000_123_000L);
  }

  @Test
  void emptyTsdbClaimsTheWholePast() throws IOException {
    // What Prometheus reports before its first block: MaxInt64 ms, as seconds.
    assertThat(PrometheusClient.lowestTimestampMillis("9.223372036854776e+15")).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void seriesPostsMatchersAndTimeRange() throws IOException {
    respond("/api/v1/series", 200, """
        {"status":"success","data":[{"__name__":"up","job":"a"},{"__name__":"up","job":"b","x":"y\\"z"}]}""");
    List<Labels> series = client.series(List.of(LabelMatcher.equal("__name__", "up"),
        LabelMatcher.regex("job", "a|b")), 1_000L, 2_500L);
    assertThat(series).containsExactly(Labels.of("__name__", "up", "job", "a"),
        Labels.of("__name__", "up", "job", "b", "x", "y\"z"));
    assertThat(lastRequest.get("/api/v1/series"))
        .isEqualTo("POST match[]={__name__=\"up\",job=~\"a|b\"}&start=1.000&end=2.500");
  }

  @Test
  void openTimeRangesAreLeftOut() throws IOException {
    respond("/api/v1/labels", 200, """
        {"status":"success","data":["__name__","job"]}""");
    assertThat(client.labelNames(List.of(), Long.MIN_VALUE, Long.MAX_VALUE)).containsExactly("__name__", "job");
    assertThat(lastRequest.get("/api/v1/labels")).isEqualTo("POST ");
  }

  @Test
  void labelValuesWithMatchers() throws IOException {
    respond("/api/v1/label/job/values", 200, """
        {"status":"success","data":["a","b"]}""");
    assertThat(client.labelValues("job", List.of(LabelMatcher.equal("__name__", "up")), -1500, 0))
        .containsExactly("a", "b");
    assertThat(lastRequest.get("/api/v1/label/job/values"))
        .isEqualTo("GET start=-1.500&end=0.000&match[]={__name__=\"up\"}");
  }

  @Test
  void apiErrorsCarryPrometheusMessage() {
    respond("/api/v1/series", 400, """
        {"status":"error","errorType":"bad_data","error":"1:2: parse error: unexpected"}""");
    assertThatThrownBy(() -> client.series(List.of(LabelMatcher.equal("a", "b")), 0, 1))
        .isInstanceOf(PrometheusApiException.class)
        .hasMessageContaining("/api/v1/series")
        .hasMessageContaining("400")
        .hasMessageContaining("parse error");
  }

  @Test
  void unreachablePrometheusNamesTheUrl() {
    server.stop(0);
    assertThatThrownBy(() -> client.externalLabels())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/api/v1/status/config");
  }
}
