package io.strata.query;

import static io.strata.query.Replicas.MINUTE;
import static io.strata.query.Replicas.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.httpapi.ApiConfig;
import io.strata.httpapi.ApiRequest;
import io.strata.httpapi.ApiResponse;
import io.strata.httpapi.PrometheusApi;
import io.strata.httpapi.ReadContext;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.Aggr;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.PartialResponseStrategy;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.promql.Matrix;
import io.strata.promql.Series;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.promql.storage.SelectHints;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.dedup.DedupAlgorithm;
import io.strata.store.proxy.StoreRef;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The querier's read path over two in-process replicas, with and without dedup, and with failing endpoints. */
class StoreQueryableTest {
  @TempDir
  Path dir;
  private Replicas replicas;
  private final List<StoreRef> refs = new ArrayList<>();
  private final DefaultQueryEngine engine = new DefaultQueryEngine();

  @BeforeEach
  void setUp() throws Exception {
    replicas = new Replicas(dir);
    refs.add(StoreRef.of("replica-a", replicas.a));
    refs.add(StoreRef.of("replica-b", replicas.b));
  }

  @AfterEach
  void tearDown() throws Exception {
    replicas.close();
  }

  private StoreQueryable queryable(Duration responseTimeout) {
    return StoreQueryable.overEndpoints(() -> refs, responseTimeout, Executors.newVirtualThreadPerTaskExecutor(),
        DedupAlgorithm.PENALTY);
  }

  private Matrix range(ReadContext ctx) {
    return (Matrix) engine.range(queryable(Duration.ZERO).queryable(ctx), "up", T0, T0 + 59 * MINUTE, MINUTE,
        null).exec().value();
  }

  private static double at(Series s, long t) {
    for (int i = 0; i < s.size(); i++) {
      if (s.timestamps()[i] == t) {
        return s.values()[i];
      }
    }
    throw new NoSuchElementException("no point at " + t);
  }

  @Test
  void dedupMergesReplicasIntoOneSeriesWithoutTheReplicaLabel() {
    Matrix m = range(new ReadContext(true, List.of("replica"), true, 0, List.of()));
    assertThat(m.series()).hasSize(1);
    Series s = m.series().get(0);
    assertThat(s.metric()).isEqualTo(Labels.of("__name__", "up", "cluster", "eu", "job", "api"));
    assertThat(s.size()).isEqualTo(60);
    assertThat(at(s, T0 + 10 * MINUTE)).isEqualTo(1); // replica a first: its samples come earlier
    assertThat(at(s, T0 + 26 * MINUTE)).isEqualTo(2); // a is down: b fills the gap
  }

  @Test
  void withoutDedupBothReplicasAreReturned() {
    Matrix m = range(new ReadContext(false, List.of("replica"), true, 0, List.of()));
    assertThat(m.series()).extracting(Series::metric).containsExactly(
        Labels.of("__name__", "up", "cluster", "eu", "job", "api", "replica", "a"),
        Labels.of("__name__", "up", "cluster", "eu", "job", "api", "replica", "b"));
    // replica a's gap shows once the 5 m lookback has passed
    assertThat(m.series().get(0).size()).isLessThan(60);
    assertThat(m.series().get(1).size()).isEqualTo(59); // b's first sample is 5 s after the first step
  }

  @Test
  void dedupWithoutReplicaLabelsChangesNothing() {
    assertThat(range(new ReadContext(true, List.of(), true, 0, List.of())).series()).hasSize(2);
  }

  @Test
  void chainDedupMergesSampleBySample() {
    StoreQueryable chain = StoreQueryable.overEndpoints(() -> refs, Duration.ZERO,
        Executors.newVirtualThreadPerTaskExecutor(), DedupAlgorithm.CHAIN);
    Matrix m = (Matrix) engine.range(chain.queryable(new ReadContext(true, List.of("replica"), true, 0, List.of())),
        "count_over_time(up[1m])", T0 + 5 * MINUTE, T0 + 5 * MINUTE, MINUTE, null).exec().value();
    // both replicas' samples of the minute: 4 + 4
    assertThat(m.series().get(0).values()[0]).isEqualTo(8);
  }

  private PrometheusApi api(StoreQueryable q, ApiConfig config) {
    return new PrometheusApi(engine, q, config, null, () -> true, Clock.systemUTC());
  }

  private ApiResponse get(PrometheusApi api, String path, String query) {
    return api.handle(path, ApiRequest.get(query));
  }

  @Test
  void seriesAndLabelsThroughTheHttpApi() {
    PrometheusApi api = api(queryable(Duration.ZERO), ApiConfig.defaults().withReplicaLabels(List.of("replica")));
    assertThat(get(api, "/series", "match[]=up").bodyText()).isEqualTo(
        "{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\"}]}");
    assertThat(get(api, "/series", "match[]=up&dedup=false").bodyText()).isEqualTo("{\"status\":\"success\",\"data\":["
        + "{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\",\"replica\":\"a\"},"
        + "{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\",\"replica\":\"b\"}]}");
    assertThat(get(api, "/labels", "").bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"cluster\",\"job\"]}");
    assertThat(get(api, "/labels", "dedup=false").bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"cluster\",\"job\",\"replica\"]}");
    assertThat(get(api, "/label/replica/values", "dedup=false").bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
    String t = Double.toString((T0 + 10 * MINUTE) / 1000.0);
    assertThat(get(api, "/query", "query=up&time=" + t).bodyText()).isEqualTo("{\"status\":\"success\",\"data\":"
        + "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\"},"
        + "\"value\":[1700007000,\"1\"]}]}}");
    assertThat(get(api, "/query", "query=count(up)&dedup=false&time=" + t).bodyText()).contains("\"value\":[1700007000,\"2\"]");
    assertThat(get(api, "/query", "query=count(up)&replicaLabels[]=cluster&time=" + t).bodyText())
        .contains("\"value\":[1700007000,\"2\"]");
  }

  @Test
  void anEndpointDownGivesAWarningOrWithoutPartialResponseAnError() {
    refs.add(new StoreRef("10.0.0.9:10901", new FailingStore(), new StoreInfo(List.of(), Long.MIN_VALUE,
        Long.MAX_VALUE, true, "store")));
    PrometheusApi api = api(queryable(Duration.ZERO), ApiConfig.defaults().withReplicaLabels(List.of("replica")));
    String t = Double.toString((T0 + 10 * MINUTE) / 1000.0);
    ApiResponse partial = get(api, "/query", "query=up&time=" + t);
    assertThat(partial.status()).isEqualTo(200);
    assertThat(partial.bodyText()).contains("\"value\":[1700007000,\"1\"]").contains("\"warnings\":[")
        .contains("10.0.0.9:10901").contains("connection refused");
    assertThat(partial.headers()).containsEntry("Cache-Control", "no-store");
    ApiResponse strict = get(api, "/query", "query=up&partial_response=false&time=" + t);
    assertThat(strict.status()).isGreaterThanOrEqualTo(400);
    assertThat(strict.bodyText()).startsWith("{\"status\":\"error\"").contains("connection refused");

    assertThat(get(api, "/labels", "").bodyText()).contains("\"warnings\":[").contains("10.0.0.9:10901");
    assertThat(get(api, "/labels", "partial_response=false").status()).isEqualTo(422);
    assertThat(get(api, "/series", "match[]=up&partial_response=false").status()).isGreaterThanOrEqualTo(400);

    PrometheusApi strictByDefault = api(queryable(Duration.ZERO),
        ApiConfig.defaults().withReplicaLabels(List.of("replica")).withPartialResponse(false));
    assertThat(get(strictByDefault, "/query", "query=up&time=" + t).status()).isGreaterThanOrEqualTo(400);
    assertThat(get(strictByDefault, "/query", "query=up&partial_response=true&time=" + t).status()).isEqualTo(200);
  }

  @Test
  void aSlowEndpointIsGivenUpOnAfterTheResponseTimeout() {
    HangingStore slow = new HangingStore();
    refs.add(new StoreRef("10.0.0.8:10901", slow, new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true,
        "store")));
    PrometheusApi api = api(queryable(Duration.ofMillis(300)), ApiConfig.defaults().withReplicaLabels(List.of("replica")));
    String t = Double.toString((T0 + 10 * MINUTE) / 1000.0);
    long start = System.nanoTime();
    ApiResponse partial = get(api, "/query", "query=up&time=" + t);
    assertThat(partial.status()).isEqualTo(200);
    assertThat(partial.bodyText()).contains("\"value\":[1700007000,\"1\"]").contains("10.0.0.8:10901");
    assertThat(get(api, "/query", "query=up&partial_response=false&time=" + t).status()).isGreaterThanOrEqualTo(400);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
    assertThat(slow.closed.get()).isPositive();
  }

  @Test
  void aQueryTimeoutStopsAHangingEndpoint() {
    HangingStore slow = new HangingStore();
    refs.add(new StoreRef("10.0.0.8:10901", slow, new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true,
        "store")));
    PrometheusApi api = api(queryable(Duration.ZERO), ApiConfig.defaults());
    ApiResponse r = get(api, "/query", "query=up&time=1700007000&timeout=0.3");
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.bodyText()).contains("\"errorType\":\"timeout\"");
    assertThat(slow.closed.get()).isPositive();
  }

  @Test
  void storeMatchSelectsEndpointsByAddress() {
    assertThat(StoreQueryable.selected(refs, List.of())).hasSize(2);
    assertThat(StoreQueryable.selected(refs, List.of(List.of(LabelMatcher.equal("__address__", "replica-b")))))
        .extracting(StoreRef::name).containsExactly("replica-b");
    assertThat(StoreQueryable.selected(refs, List.of(List.of(LabelMatcher.regex("__address__", "replica-.*")))))
        .hasSize(2);
    assertThat(StoreQueryable.selected(refs, List.of(List.of(LabelMatcher.equal("cluster", "eu"))))).isEmpty();
    PrometheusApi api = api(queryable(Duration.ZERO), ApiConfig.defaults());
    assertThat(get(api, "/label/replica/values", "storeMatch[]=%7B__address__%3D%22replica-a%22%7D").bodyText())
        .isEqualTo("{\"status\":\"success\",\"data\":[\"a\"]}");
  }

  @Test
  void selectHintsBecomeTheSeriesRequest() {
    ReadContext ctx = new ReadContext(true, List.of("replica"), false, 300_000, List.of());
    StoreQuerier q = new StoreQuerier(replicas.a, ctx, DedupAlgorithm.PENALTY, 0, 100);
    SeriesRequest r = q.request(new SelectHints(10, 90, 15, 60, "rate", true, List.of("job")),
        LabelMatcher.equal("__name__", "up"));
    assertThat(r.getMinTime()).isEqualTo(10);
    assertThat(r.getMaxTime()).isEqualTo(90);
    assertThat(r.getWithoutReplicaLabelsList()).containsExactly("replica");
    assertThat(r.getPartialResponseStrategy()).isEqualTo(PartialResponseStrategy.ABORT);
    assertThat(r.getPartialResponseDisabled()).isTrue();
    assertThat(r.getMaxResolutionWindow()).isEqualTo(300_000);
    assertThat(r.getAggregatesList()).containsExactly(Aggr.COUNTER);
    assertThat(r.getSkipChunks()).isFalse();
    assertThat(r.getQueryHints().getStepMillis()).isEqualTo(15);
    assertThat(r.getQueryHints().getFunc().getName()).isEqualTo("rate");
    assertThat(r.getQueryHints().getRange().getMillis()).isEqualTo(60);
    assertThat(r.getQueryHints().getGrouping().getLabelsList()).containsExactly("job");
    assertThat(q.request(new SelectHints(0, 1, 0, 0, "series", false, List.of())).getSkipChunks()).isTrue();
    assertThat(q.request(null).getMinTime()).isZero();
    StoreQuerier noDedup = new StoreQuerier(replicas.a, new ReadContext(false, List.of("replica"), true, 0, List.of()),
        DedupAlgorithm.PENALTY, 0, 100);
    assertThat(noDedup.request(null).getWithoutReplicaLabelsList()).isEmpty();
    assertThat(noDedup.request(null).getPartialResponseStrategy()).isEqualTo(PartialResponseStrategy.WARN);
  }

  @Test
  void aggregatesFollowThanos() {
    assertThat(StoreQuerier.aggregates("min_over_time")).containsExactly(Aggr.MIN);
    assertThat(StoreQuerier.aggregates("max")).containsExactly(Aggr.MAX);
    assertThat(StoreQuerier.aggregates("count_over_time")).containsExactly(Aggr.COUNT);
    assertThat(StoreQuerier.aggregates("sum_over_time")).containsExactly(Aggr.SUM);
    assertThat(StoreQuerier.aggregates("sum")).containsExactly(Aggr.COUNT, Aggr.SUM);
    assertThat(StoreQuerier.aggregates("increase")).containsExactly(Aggr.COUNTER);
    assertThat(StoreQuerier.aggregates("")).containsExactly(Aggr.COUNT, Aggr.SUM);
  }

  /** An endpoint that refuses every call. */
  static final class FailingStore implements StoreApi {
    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, "store");
    }

    private static StoreException refused() {
      return new StoreException(StoreException.Code.UNAVAILABLE, "connection refused");
    }

    @Override
    public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
      throw refused();
    }

    @Override
    public LabelNamesResponse labelNames(LabelNamesRequest request) {
      throw refused();
    }

    @Override
    public LabelValuesResponse labelValues(LabelValuesRequest request) {
      throw refused();
    }
  }

  /** An endpoint that accepts calls and never answers until its stream is closed. */
  static final class HangingStore implements StoreApi {
    final java.util.concurrent.atomic.AtomicInteger closed = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, "store");
    }

    @Override
    public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
      CountDownLatch latch = new CountDownLatch(1);
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          try {
            latch.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return false;
        }

        @Override
        public SeriesResponse next() {
          throw new NoSuchElementException();
        }

        @Override
        public void close() {
          if (latch.getCount() > 0) {
            closed.incrementAndGet();
          }
          latch.countDown();
        }
      };
    }

    @Override
    public LabelNamesResponse labelNames(LabelNamesRequest request) {
      return LabelNamesResponse.getDefaultInstance();
    }

    @Override
    public LabelValuesResponse labelValues(LabelValuesRequest request) {
      return LabelValuesResponse.getDefaultInstance();
    }
  }
}
