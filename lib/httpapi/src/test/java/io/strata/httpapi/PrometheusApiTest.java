package io.strata.httpapi;

import static io.strata.httpapi.ApiFixture.get;
import static io.strata.httpapi.ApiFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.storage.Querier;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import io.strata.promql.storage.StorageSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden JSON for every endpoint, byte for byte as Prometheus writes it. */
class PrometheusApiTest {
  private final ApiFixture fx = new ApiFixture();
  private final PrometheusApi api = fx.api();

  private static final String PROM = "{\"__name__\":\"up\",\"instance\":\"localhost:9090\",\"job\":\"prometheus\"}";
  private static final String NODE = "{\"__name__\":\"up\",\"instance\":\"localhost:9100\",\"job\":\"node\"}";

  private void assertJson(ApiResponse r, int status, String body) {
    assertThat(r.bodyText()).isEqualTo(body);
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo("application/json");
  }

  @Test
  void instantVector() {
    assertJson(api.handle("/query", get("query=up%7Bjob%3D%22prometheus%22%7D&time=1435781451.781")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":" + PROM
            + ",\"value\":[1435781451.781,\"1\"]}]}}");
  }

  @Test
  void rangeQueryIsASortedMatrix() {
    assertJson(api.handle("/query_range", get("query=up&start=1435781436.781&end=1435781451.781&step=15")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":" + PROM + ",\"values\":[[1435781436.781,\"1\"],[1435781451.781,\"1\"]]},"
            + "{\"metric\":" + NODE + ",\"values\":[[1435781436.781,\"0\"],[1435781451.781,\"0\"]]}]}}");
  }

  @Test
  void instantQueryOverARangeSelectorIsAMatrix() {
    assertJson(api.handle("/query", get("query=up%7Bjob%3D%22node%22%7D%5B1m%5D&time=1435781451.781")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
            + "{\"metric\":" + NODE + ",\"values\":[[1435781436.781,\"0\"],[1435781451.781,\"0\"]]}]}}");
  }

  @Test
  void scalarAndString() {
    assertJson(api.handle("/query", post("query=1%2B1&time=1435781451.781")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.781,\"2\"]}}");
    assertJson(api.handle("/query", get("query=%22foo%22&time=1435781451")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1435781451,\"foo\"]}}");
    assertJson(api.handle("/query", get("query=1e21&time=1")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1000000000000000000000\"]}}");
  }

  @Test
  void specialValues() {
    assertJson(api.handle("/query", get("query=vector(0)%2F0&time=1")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"NaN\"]}]}}");
    assertJson(api.handle("/query", get("query=-vector(1)%2F0&time=1")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"-Inf\"]}]}}");
  }

  @Test
  void timeDefaultsToNow() {
    assertJson(api.handle("/query", get("query=time()")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1435781451.781,\"1435781451.781\"]}}");
  }

  @Test
  void spacesEncodedAsPlusAndBodyBeatsUrl() {
    assertJson(api.handle("/query", get("query=sum+by+(job)+(up%7Bjob%3D%22node%22%7D)&time=1435781451.781")), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"node\"},"
            + "\"value\":[1435781451.781,\"0\"]}]}}");
    ApiRequest both = ApiRequest.postForm("query=up&time=1", "query=1%2B1");
    assertJson(api.handle("/query", both), 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "/query|query=up&time=abc|invalid parameter \\\"time\\\": invalid time value for 'time': cannot parse \\\"abc\\\" to a valid timestamp",
      "/query|query=up%7B|invalid parameter \\\"query\\\": 1:4: parse error: unexpected end of input inside braces",
      "/query|query=up&timeout=x|invalid parameter \\\"timeout\\\": cannot parse \\\"x\\\" to a valid duration",
      "/query|query=up&limit=-1|invalid parameter \\\"limit\\\": limit must be non-negative",
      "/query|query=up&lookback_delta=x|error parsing lookback delta duration: cannot parse \\\"x\\\" to a valid duration",
      "/query|query=up&dedup=maybe|'dedup' parameter: strconv.ParseBool: parsing \\\"maybe\\\": invalid syntax",
      "/query|query=up&partial_response=x|'partial_response' parameter: strconv.ParseBool: parsing \\\"x\\\": invalid syntax",
      "/query|query=up&max_source_resolution=-5m|'max_source_resolution' parameter: cannot parse \\\"-5m\\\" to a valid duration",
      "/query|query=up&max_source_resolution=-300|negative 'max_source_resolution' is not accepted. Try a positive integer",
      "/query|query=up&engine=x|'x' bad engine",
      "/query_range|query=up&end=1&step=1|invalid parameter \\\"start\\\": cannot parse \\\"\\\" to a valid timestamp",
      "/query_range|query=up&start=1&step=1|invalid parameter \\\"end\\\": cannot parse \\\"\\\" to a valid timestamp",
      "/query_range|query=up&start=2&end=1&step=1|invalid parameter \\\"end\\\": end timestamp must not be before start time",
      "/query_range|query=up&start=1&end=2&step=0|invalid parameter \\\"step\\\": zero or negative query resolution step widths are not accepted. Try a positive integer",
      "/query_range|query=up&start=1&end=2&step=x|invalid parameter \\\"step\\\": cannot parse \\\"x\\\" to a valid duration",
      "/query_range|query=up&start=0&end=11001&step=1|exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
      "/query_range|query=up%5B5m%5D&start=0&end=10&step=1|invalid parameter \\\"query\\\": invalid expression type \\\"range vector\\\" for range query, must be Scalar or instant Vector",
      "/series||no match[] parameter provided",
      "/series|match[]=%7Bjob%3D~%22.*%22%7D|invalid parameter \\\"match[]\\\": match[] must contain at least one non-empty matcher",
      "/series|match[]=up&start=x|invalid parameter \\\"start\\\": invalid time value for 'start': cannot parse \\\"x\\\" to a valid timestamp",
      "/labels|match[]=%7Bjob%3D~%22.*%22%7D|match[] must contain at least one non-empty matcher",
      "/label/job/values|limit=x|invalid parameter \\\"limit\\\": strconv.Atoi: parsing \\\"x\\\": invalid syntax",
      "/metadata|limit=x|limit must be a number",
      "/metadata|limit_per_metric=1.5|limit_per_metric must be a number",
      "/query_exemplars|query=up&start=2&end=1|end timestamp must not be before start timestamp",
      "/format_query|query=foo%2F|invalid parameter \\\"query\\\": 1:5: parse error: unexpected end of input",
  })
  void badDataErrors(String path, String query, String message) {
    assertJson(api.handle(path, get(query == null ? "" : query)), 400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"" + message + "\"}");
  }

  @Test
  void emptyQueryIsBadData() {
    ApiResponse r = api.handle("/query", get("query="));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyText()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": ");
    assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
  }

  @Test
  void executionErrorIs422() {
    ApiResponse r = api.handle("/query", get("query=up+%2B+on()+up&time=1435781451.781"));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.bodyText()).startsWith("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"");
  }

  @Test
  void limitTruncatesWithAWarning() {
    ApiResponse r = api.handle("/query", get("query=up&time=1435781451.781&limit=1"));
    assertJson(r, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":" + PROM
        + ",\"value\":[1435781451.781,\"1\"]}]},\"warnings\":[\"results truncated due to limit\"]}");
    assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
  }

  @Test
  void promqlInfosAreReportedWithPositions() {
    ApiResponse r = api.handle("/query", get("query=rate(up%5B1m%5D)&time=1435781451.781"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText()).endsWith(",\"infos\":[\"PromQL info: metric might not be a counter, name does not end"
        + " in _total/_sum/_count/_bucket: \\\"up\\\" (1:6)\"]}");
    assertThat(r.headers()).doesNotContainKey("Cache-Control");
  }

  @Test
  void storageWarningsBecomeWarningsAndDisableCaching() {
    fx.apiStorage = ctx -> (mint, maxt) -> new WarningQuerier(fx.storage.querier(mint, maxt), ctx);
    ApiResponse r = api.handle("/query", get("query=up%7Bjob%3D%22node%22%7D&time=1435781451.781"));
    assertJson(r, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":" + NODE
        + ",\"value\":[1435781451.781,\"0\"]}]},\"warnings\":[\"store 10.0.0.1:10901 unavailable\"]}");
    assertThat(r.headers()).containsEntry("Cache-Control", "no-store");
    assertJson(api.handle("/labels", get("")), 200,
        "{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"],"
            + "\"warnings\":[\"labels from 10.0.0.1:10901 unavailable\"]}");
  }

  @Test
  void statsAreAddedOnRequest() {
    ApiResponse r = api.handle("/query", get("query=1&time=1&stats=true"));
    assertThat(r.bodyText()).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"1\"],"
        + "\"stats\":{\"timings\":{\"evalTotalTime\":");
    assertThat(r.bodyText()).contains("\"samples\":{\"totalQueryableSamples\":0,\"peakSamples\":");
    assertThat(api.handle("/query", get("query=1&time=1&stats=yes")).bodyText())
        .contains("\"warnings\":[\"value \\\"yes\\\" for parameter \\\"stats\\\" is deprecated");
  }

  @Test
  void rangeQueryWithoutStepUsesTheThanosDefault() {
    ApiResponse r = api.handle("/query_range", get("query=1&start=0&end=3600"));
    // max(3600/250, 1) = 14 s: points 0, 14, ..., 3598.
    assertThat(r.bodyText()).startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
        + "[{\"metric\":{},\"values\":[[0,\"1\"],[14,\"1\"],[28,\"1\"]");
    assertThat(r.bodyText()).endsWith("[3584,\"1\"],[3598,\"1\"]]}]}}");
  }

  @Test
  void thanosReadParametersReachTheStorage() {
    PrometheusApi withReplicas = fx.api(ApiConfig.defaults().withReplicaLabels(List.of("replica")));
    withReplicas.handle("/query", get("query=up&time=1"));
    ReadContext d = fx.contexts.get(fx.contexts.size() - 1);
    assertThat(d.dedup()).isTrue();
    assertThat(d.replicaLabels()).containsExactly("replica");
    assertThat(d.partialResponse()).isTrue();
    assertThat(d.maxSourceResolutionMillis()).isZero();

    withReplicas.handle("/query_range", get("query=up&start=0&end=600&step=60&dedup=false&replicaLabels[]=a"
        + "&replicaLabels[]=b&partial_response=false&storeMatch[]=%7B__address__%3D%22x%3A1%22%7D"
        + "&max_source_resolution=auto"));
    ReadContext c = fx.contexts.get(fx.contexts.size() - 1);
    assertThat(c.dedup()).isFalse();
    assertThat(c.effectiveReplicaLabels()).isEmpty();
    assertThat(c.replicaLabels()).containsExactly("a", "b");
    assertThat(c.partialResponse()).isFalse();
    assertThat(c.storeMatchers()).containsExactly(List.of(LabelMatcher.equal("__address__", "x:1")));
    assertThat(c.maxSourceResolutionMillis()).isEqualTo(12_000);
  }

  @Test
  void dynamicLookbackGrowsWithTheResolution() {
    ApiConfig c = ApiConfig.defaults();
    assertThat(c.lookbackFor(0)).isEqualTo(Duration.ZERO);
    assertThat(c.lookbackFor(300_000)).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.lookbackFor(300_001)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void series() {
    assertJson(api.handle("/series", get("match[]=up")), 200,
        "{\"status\":\"success\",\"data\":[" + PROM + "," + NODE + "]}");
    assertJson(api.handle("/series", post("match[]=up&limit=1")), 200,
        "{\"status\":\"success\",\"data\":[" + PROM + "],\"warnings\":[\"results truncated due to limit\"]}");
    assertJson(api.handle("/series", get("match[]=up%7Bjob%3D%22node%22%7D&match[]=up&match[]=nothing")), 200,
        "{\"status\":\"success\",\"data\":[" + PROM + "," + NODE + "]}");
    assertJson(api.handle("/series", get("match[]=nothing")), 200, "{\"status\":\"success\",\"data\":[]}");
    assertThat(fx.contexts.get(0).dedup()).isTrue();
  }

  @Test
  void labelsAndValues() {
    assertJson(api.handle("/labels", get("")), 200,
        "{\"status\":\"success\",\"data\":[\"__name__\",\"code\",\"instance\",\"job\"]}");
    assertJson(api.handle("/labels", post("match[]=up&start=1435781400&end=1435781500")), 200,
        "{\"status\":\"success\",\"data\":[\"__name__\",\"instance\",\"job\"]}");
    assertJson(api.handle("/label/job/values", get("")), 200,
        "{\"status\":\"success\",\"data\":[\"api\",\"node\",\"prometheus\"]}");
    assertJson(api.handle("/label/__name__/values", get("match[]=%7Bjob%3D%22api%22%7D&limit=40000")), 200,
        "{\"status\":\"success\",\"data\":[\"http_requests_total\"]}");
    assertJson(api.handle("/label/job/values", get("limit=2")), 200,
        "{\"status\":\"success\",\"data\":[\"api\",\"node\"],\"warnings\":[\"results truncated due to limit\"]}");
    assertJson(api.handle("/label/nope/values", get("")), 200, "{\"status\":\"success\",\"data\":[]}");
    assertJson(api.handle("/label/U__jo_62_/values", get("")), 200,
        "{\"status\":\"success\",\"data\":[\"api\",\"node\",\"prometheus\"]}");
  }

  @Test
  void metadataExemplarsBuildInfoFormat() {
    assertJson(api.handle("/metadata", get("limit=10&metric=up")), 200, "{\"status\":\"success\",\"data\":{}}");
    assertJson(api.handle("/query_exemplars", get("query=up&start=0&end=1")), 200,
        "{\"status\":\"success\",\"data\":[]}");
    ApiResponse none = api.handle("/query_exemplars", post("query=1%2B1"));
    assertThat(none.status()).isEqualTo(204);
    assertThat(none.body()).isEmpty();
    assertJson(api.handle("/status/buildinfo", get("")), 200,
        "{\"status\":\"success\",\"data\":{\"version\":\"0.1.0\",\"revision\":\"abc123\",\"branch\":\"main\","
            + "\"buildUser\":\"ci@strata\",\"buildDate\":\"20260101-00:00:00\",\"goVersion\":\"java21.0.1\"}}");
    assertJson(api.handle("/format_query", post("query=foo%2Fbar")), 200, "{\"status\":\"success\",\"data\":\"foo / bar\"}");
    assertJson(api.handle("/rules", get("")), 200, "{\"status\":\"success\",\"data\":{\"groups\":[]}}");
    assertJson(api.handle("/alerts", get("")), 200, "{\"status\":\"success\",\"data\":{\"alerts\":[]}}");
  }

  @Test
  void storesListsEndpointsByComponentType() {
    fx.stores.add(new EndpointStatus("127.0.0.1:10905", Instant.parse("2026-01-02T03:04:05.120Z"), null,
        List.of(Labels.of("cluster", "eu")), 1000, 2000, "store"));
    fx.stores.add(new EndpointStatus("127.0.0.1:10901", Instant.parse("2026-01-02T03:04:05Z"), "connection refused",
        List.of(), Long.MIN_VALUE, Long.MAX_VALUE, "query"));
    fx.stores.add(new EndpointStatus("127.0.0.1:1", Instant.parse("2026-01-02T03:04:05Z"), "unreachable",
        List.of(), 0, 0, null));
    assertJson(api.handle("/stores", get("")), 200, "{\"status\":\"success\",\"data\":{"
        + "\"query\":[{\"name\":\"127.0.0.1:10901\",\"lastCheck\":\"2026-01-02T03:04:05Z\",\"lastError\":\"connection refused\","
        + "\"labelSets\":[],\"minTime\":-9223372036854775808,\"maxTime\":9223372036854775807}],"
        + "\"store\":[{\"name\":\"127.0.0.1:10905\",\"lastCheck\":\"2026-01-02T03:04:05.12Z\",\"lastError\":null,"
        + "\"labelSets\":[{\"cluster\":\"eu\"}],\"minTime\":1000,\"maxTime\":2000}]}}");
  }

  @Test
  void notReadyRoutingAndCors() {
    fx.ready.set(false);
    ApiResponse r = api.handle("/query", get("query=up"));
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.bodyText()).isEqualTo("Service Unavailable");
    assertThat(r.contentType()).startsWith("text/plain");
    fx.ready.set(true);

    assertThat(api.handle("/nope", get("")).status()).isEqualTo(404);
    assertThat(api.handle("/label/job/values", post("")).status()).isEqualTo(405);
    assertThat(api.handle("/status/buildinfo", post("")).status()).isEqualTo(405);
    ApiRequest options = new ApiRequest("OPTIONS", java.util.Map.of(), java.util.Map.of("Origin", "http://x"));
    ApiResponse pre = api.handle("/query", options);
    assertThat(pre.status()).isEqualTo(204);
    assertThat(pre.headers()).containsEntry("Access-Control-Allow-Origin", "*")
        .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    assertThat(api.handle("/query", ApiFixture.withOrigin(get("query=1"))).headers())
        .containsEntry("Access-Control-Allow-Origin", "*");
    assertThat(api.handle("/query", get("query=1")).headers()).doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void aHangingStoreTimesOutWithTheRequestTimeout() {
    fx.apiStorage = ctx -> (mint, maxt) -> new HangingQuerier(ctx);
    long start = System.nanoTime();
    assertJson(api.handle("/query", get("query=up&time=1&timeout=0.2")), 503,
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  @Test
  void aCanceledRequestStopsItsQuery() throws Exception {
    fx.apiStorage = ctx -> (mint, maxt) -> new HangingQuerier(ctx);
    ApiRequest r = get("query=up&time=1");
    Thread t = Thread.ofVirtual().start(() -> {
      ApiResponse resp = api.handle("/query", r);
      assertThat(resp.status()).isEqualTo(499);
      assertThat(resp.bodyText()).contains("\"errorType\":\"canceled\"");
    });
    Thread.sleep(100);
    r.cancel();
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void queriesBeyondTheConcurrencyLimitWaitAndTimeOut() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    fx.apiStorage = ctx -> (mint, maxt) -> {
      entered.countDown();
      return new HangingQuerier(ctx);
    };
    PrometheusApi one = fx.api(ApiConfig.defaults().withMaxConcurrent(1).withTimeout(Duration.ofSeconds(2)));
    Thread first = Thread.ofVirtual().start(() -> one.handle("/query", get("query=up&time=1")));
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    assertJson(one.handle("/query", get("query=1&time=1&timeout=0.1")), 503,
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query queue\"}");
    first.join(10_000);
  }

  /** Reports a warning through the series set and one through the read context for label calls. */
  private record WarningQuerier(Querier delegate, ReadContext ctx) implements Querier {
    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers) {
      SeriesSet s = delegate.select(sorted, hints, matchers);
      return new SeriesSet() {
        @Override
        public boolean next() {
          return s.next();
        }

        @Override
        public StorageSeries at() {
          return s.at();
        }

        @Override
        public List<String> warnings() {
          return List.of("store 10.0.0.1:10901 unavailable");
        }
      };
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
      return delegate.labelValues(name, matchers);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
      ctx.addWarning("labels from 10.0.0.1:10901 unavailable");
      return delegate.labelNames(matchers);
    }

    @Override
    public void close() {}
  }

  /** A store that never answers until the read is canceled. */
  private record HangingQuerier(ReadContext ctx) implements Querier {
    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers) {
      return new SeriesSet() {
        @Override
        public boolean next() {
          CountDownLatch canceled = new CountDownLatch(1);
          try (AutoCloseable ignored = ctx.onCancel(canceled::countDown)) {
            if (!canceled.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("never canceled");
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          throw new IllegalStateException("read canceled");
        }

        @Override
        public StorageSeries at() {
          throw new IllegalStateException();
        }
      };
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
      return List.of();
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
