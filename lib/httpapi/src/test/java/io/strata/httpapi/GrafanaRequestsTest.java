package io.strata.httpapi;

import static io.strata.httpapi.ApiFixture.get;
import static io.strata.httpapi.ApiFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The requests Grafana's Prometheus data source sends (prometheus-http-api.md §7), in the order a user causes
 * them: "Save &amp; Test", Explore with the metrics browser, and a dashboard panel, with the Thanos custom query
 * parameters a Grafana user typically adds. Every one must succeed with the exact JSON Grafana parses.
 */
class GrafanaRequestsTest {
  private static final String THANOS = "&max_source_resolution=5m&partial_response=true";
  private final ApiFixture fx = new ApiFixture();
  private final PrometheusApi api = fx.api();

  @Test
  void saveAndTest() {
    // 1. Instant query of 1+1 at "now", POST by default, with the data source's query timeout.
    ApiResponse health = api.handle("/query", post("query=1%2B1&time=1435781451.781&timeout=30s" + THANOS));
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.781,\"2\"]}}");
    // The same with the GET method selected in the data source settings.
    assertThat(api.handle("/query", get("query=1%2B1&time=1435781451.781")).bodyText()).isEqualTo(health.bodyText());
    // 2. Build info for the heuristics: no "features" member, or Grafana would take us for Mimir.
    ApiResponse build = api.handle("/status/buildinfo", get(""));
    assertThat(build.status()).isEqualTo(200);
    assertThat(build.bodyText()).startsWith("{\"status\":\"success\",\"data\":{\"version\":").doesNotContain("features");
  }

  @Test
  void exploreMetricsBrowserAndAutocomplete() {
    String range = "start=1435781400&end=1435781500";
    assertThat(api.handle("/label/__name__/values", get(range)).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"http_requests_total\",\"up\"]}");
    // Grafana tries POST first for labels and series; only label values and metadata are always GET.
    assertThat(api.handle("/labels", post(range + "&limit=40000")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"]}");
    assertThat(api.handle("/labels", post(range + "&match[]=%7B__name__%3D%22up%22%7D")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    assertThat(api.handle("/label/job/values", get(range + "&match[]=%7B__name__%3D%22up%22%7D&limit=40000")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"node\",\"prometheus\"]}");
    assertThat(api.handle("/series", post(range + "&match[]=%7B__name__%21%3D%22%22%7D")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":["
            + "{\"__name__\":\"http_requests_total\",\"code\":\"200\",\"job\":\"api\"},"
            + "{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"prometheus\"},"
            + "{\"__name__\":\"up\",\"instance\":\"localhost:9100\",\"job\":\"node\"}]}");
    assertThat(api.handle("/metadata", get("")).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{}}");
    assertThat(api.handle("/metadata", get("metric=up&limit=1")).status()).isEqualTo(200);
    // Template variables: label_values(up, job) and query_result(...).
    assertThat(api.handle("/label/job/values", get("match[]=up")).status()).isEqualTo(200);
    assertThat(api.handle("/query", post("query=count(up)&time=1435781451.781")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1435781451.781,\"2\"]}]}}");
  }

  @Test
  void exploreAndDashboardQueries() {
    // Explore runs a range query and an instant query for the table, both with the Thanos parameters.
    ApiResponse graph = api.handle("/query_range", post("query=sum+by+(job)+(rate(http_requests_total%5B1m%5D))"
        + "&start=1435781436.781&end=1435781451.781&step=15&timeout=30s" + THANOS));
    assertThat(graph.status()).isEqualTo(200);
    assertThat(graph.bodyText()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
        + "[{\"metric\":{\"job\":\"api\"},\"values\":[[1435781451.781,\"0.25\"]]}]}}");
    ApiResponse table = api.handle("/query", post("query=up&time=1435781451.781" + THANOS));
    assertThat(table.status()).isEqualTo(200);
    assertThat(table.bodyText()).contains("\"resultType\":\"vector\"");
    // The exemplars toggle: no exemplars is a valid, empty answer.
    assertThat(api.handle("/query_exemplars", post("query=up&start=1435781400&end=1435781500")).bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[]}");
    // A dashboard panel over a day with Grafana's computed step.
    ApiResponse panel = api.handle("/query_range",
        get("query=up&start=1435695051.781&end=1435781451.781&step=60&timeout=60s"));
    assertThat(panel.status()).isEqualTo(200);
    assertThat(panel.bodyText()).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
    // Readiness check of an older Grafana goes to /-/healthy (served by the server module), not the API.
    assertThat(fx.contexts).allSatisfy(c -> assertThat(c.partialResponse()).isTrue());
  }

  @Test
  void postFallbackSignalsAreThoseGrafanaExpects() {
    // Grafana falls back to GET on 400 or 405; GET-only endpoints answer 405 to POST.
    for (String path : List.of("/label/job/values", "/metadata", "/status/buildinfo", "/rules", "/alerts")) {
      assertThat(api.handle(path, post("")).status()).as(path).isEqualTo(405);
      assertThat(api.handle(path, get("")).status()).as(path).isEqualTo(200);
    }
  }
}
