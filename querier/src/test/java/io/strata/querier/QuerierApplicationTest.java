package io.strata.querier;

import static io.strata.querier.StoreServers.MINUTE;
import static io.strata.querier.StoreServers.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** A querier started as {@code bin/strata query} starts it, over two replicas served over gRPC. */
class QuerierApplicationTest {
  private static final String AT = "&time=" + (T0 + 10 * MINUTE) / 1000; // both replicas have data
  private static final String DEDUPED = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
      + "{\"metric\":{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\"},\"value\":[1700007000,\"1\"]}]}}";

  @TempDir
  Path dir;
  private StoreServers stores;

  @BeforeEach
  void setUp() throws Exception {
    stores = new StoreServers(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    stores.close();
  }

  private static ConfigurableApplicationContext querier(String... flags) {
    String[] args = new String[flags.length + 2];
    args[0] = "--http-address=127.0.0.1:0";
    args[1] = "--grpc-address=127.0.0.1:0";
    System.arraycopy(flags, 0, args, 2, flags.length);
    return QuerierApplication.start(args);
  }

  @Test
  void deduplicatesReplicasUnlessAskedNotTo() throws Exception {
    try (ConfigurableApplicationContext q = querier("--endpoint=" + stores.replicaA, "--store", stores.replicaB,
        "--query.replica-label=replica")) {
      Http http = new Http(q);
      http.awaitReady();
      assertThat(http.get("/-/healthy").body()).isEqualTo("OK");
      assertThat(http.get("/api/v1/query?query=up" + AT).body()).isEqualTo(DEDUPED);
      assertThat(http.postForm("/api/v1/query", "query=up" + AT).body()).isEqualTo(DEDUPED);
      assertThat(http.get("/api/v1/query?query=up&dedup=false" + AT).body())
          .contains("\"replica\":\"a\"").contains("\"replica\":\"b\"");
      assertThat(http.get("/api/v1/query?query=up&replicaLabels[]=cluster" + AT).body())
          .contains("\"replica\":\"a\"").contains("\"replica\":\"b\"");

      // Replica a is down from T0+20m to T0+30m: the deduplicated range has no gap, b's value fills it.
      HttpResponse<String> range = http.postForm("/api/v1/query_range", "query=up&start=" + T0 / 1000 + "&end="
          + (T0 + 59 * MINUTE) / 1000 + "&step=60");
      assertThat(range.statusCode()).isEqualTo(200);
      assertThat(range.body()).contains("[1700008200,\"2\"]").contains("[1700007000,\"1\"]")
          .doesNotContain("replica");

      assertThat(http.get("/api/v1/labels").body())
          .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"cluster\",\"job\"]}");
      assertThat(http.get("/api/v1/label/replica/values?dedup=false").body())
          .isEqualTo("{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
      assertThat(http.get("/api/v1/series?match[]=up").body())
          .isEqualTo("{\"status\":\"success\",\"data\":[{\"__name__\":\"up\",\"cluster\":\"eu\",\"job\":\"api\"}]}");
      assertThat(http.get("/api/v1/status/buildinfo").body()).startsWith("{\"status\":\"success\",\"data\":{\"version\":");
      assertThat(http.get("/api/v1/query?query=sum+by+(job)+(up)" + AT).body()).contains("{\"job\":\"api\"}");

      String storesJson = http.get("/api/v1/stores").body();
      assertThat(storesJson).startsWith("{\"status\":\"success\",\"data\":{\"receive\":[")
          .contains("\"name\":\"" + stores.replicaA + "\"").contains("\"lastError\":null")
          .contains("\"labelSets\":[{\"cluster\":\"eu\",\"replica\":\"a\"}]");
      assertThat(http.get("/metrics").body()).contains("strata_querier_endpoints{state=\"healthy\"} 2.0")
          .contains("strata_querier_api_request_duration_seconds_count{code=\"200\",handler=\"query\"}")
          .contains("handler=\"label_values\"");
      assertThat(http.get("/api/v1/nope").statusCode()).isEqualTo(404);
      assertThat(http.get("/api/v1/query?query=up%7B").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void anEndpointDownOrSlowGivesWarningsOrWithoutPartialResponseAnError() throws Exception {
    StoreServers.HangingStore hanging = new StoreServers.HangingStore();
    String slow = stores.serve(hanging);
    String down = StoreServers.closedAddress();
    try (ConfigurableApplicationContext q = querier("--endpoint=" + stores.replicaA, "--endpoint=" + stores.replicaB,
        "--endpoint=" + slow, "--endpoint=" + down, "--query.replica-label=replica",
        "--store.response-timeout=500ms")) {
      Http http = new Http(q);
      http.awaitReady();
      long start = System.nanoTime();
      HttpResponse<String> partial = http.get("/api/v1/query?query=up" + AT);
      assertThat(partial.statusCode()).isEqualTo(200);
      assertThat(partial.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(partial.body()).startsWith(DEDUPED.substring(0, DEDUPED.length() - 1) + ",\"warnings\":[")
          .contains(slow).contains(down);
      assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
      assertThat(hanging.cancelled.getCount()).isZero();

      HttpResponse<String> strict = http.get("/api/v1/query?query=up&partial_response=false" + AT);
      assertThat(strict.statusCode()).isGreaterThanOrEqualTo(400);
      assertThat(strict.body()).startsWith("{\"status\":\"error\",\"errorType\":");

      assertThat(http.get("/api/v1/labels").body()).contains("\"warnings\":[").contains(down);
      assertThat(http.get("/api/v1/labels?partial_response=false").statusCode()).isEqualTo(422);
      String storesJson = http.get("/api/v1/stores").body();
      assertThat(storesJson).contains("\"cluster\":\"slow\"");
      assertThat(storesJson).doesNotContain("\"name\":\"" + down + "\""); // no component type known: not listed
    }
  }

  @Test
  void partialResponseCanBeOffByDefault() throws Exception {
    String down = StoreServers.closedAddress();
    try (ConfigurableApplicationContext q = querier("--endpoint=" + stores.replicaA, "--endpoint=" + down,
        "--no-query.partial-response")) {
      Http http = new Http(q);
      http.awaitReady();
      assertThat(http.get("/api/v1/query?query=up" + AT).statusCode()).isGreaterThanOrEqualTo(400);
      assertThat(http.get("/api/v1/query?query=up&partial_response=true" + AT).statusCode()).isEqualTo(200);
    }
  }
}
