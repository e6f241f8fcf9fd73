package io.strata.querier;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.block.BlockUploader;
import io.strata.model.Labels;
import io.strata.objstore.FilesystemBucket;
import io.strata.server.GrpcServer;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.storegateway.StoreGatewayApplication;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What {@code bin/strata up} runs: a store gateway over a filesystem bucket and a querier over the store gateway,
 * queried through the Prometheus HTTP API the way Grafana's "Save & Test" and a panel do.
 */
class ReadPathTest {
  private static final long T0 = 1_700_006_400_000L;

  @TempDir
  Path dir;

  @Test
  void bucketToStoreGatewayToQuerierToHttp() throws Exception {
    Path bucketDir = dir.resolve("bucket");
    TestSeries s = TestSeries.of(Labels.of("__name__", "http_requests_total", "job", "api"), T0, 15_000, 480,
        t -> (t - T0) / 1000.0);
    Path block = TestBlocks.writeBlock(dir.resolve("local"), List.of(s), Labels.EMPTY);
    new BlockUploader(new FilesystemBucket(bucketDir), Clock.systemUTC()).upload(block, Map.of("cluster", "local"),
        "test");
    try (ConfigurableApplicationContext store = StoreGatewayApplication.start("--http-address=127.0.0.1:0",
        "--grpc-address=127.0.0.1:0", "--data-dir=" + dir.resolve("data"),
        "--objstore.config={type: FILESYSTEM, config: {directory: " + bucketDir + "}}")) {
      new Http(store).awaitReady();
      try (ConfigurableApplicationContext querier = QuerierApplication.start("--http-address=127.0.0.1:0",
          "--grpc-address=127.0.0.1:0", "--endpoint=127.0.0.1:" + store.getBean(GrpcServer.class).port())) {
        Http http = new Http(querier);
        http.awaitReady();
        assertThat(http.postForm("/api/v1/query", "query=1%2B1&time=1700006400").body())
            .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700006400,\"2\"]}}");
        assertThat(http.get("/api/v1/status/buildinfo").statusCode()).isEqualTo(200);
        String t = Long.toString((T0 + 3_600_000) / 1000);
        assertThat(http.postForm("/api/v1/query", "query=max_over_time(http_requests_total%5B5m%5D)&time=" + t).body())
            .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                + "{\"cluster\":\"local\",\"job\":\"api\"},\"value\":[1700010000,\"3600\"]}]}}");
        assertThat(http.postForm("/api/v1/query", "query=rate(http_requests_total%5B5m%5D)&time=" + t).body())
            .startsWith("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                + "{\"cluster\":\"local\",\"job\":\"api\"},\"value\":[1700010000,\"");
        assertThat(http.postForm("/api/v1/query_range", "query=http_requests_total&start=" + T0 / 1000 + "&end="
            + (T0 + 60_000) / 1000 + "&step=30").body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"http_requests_total\",\"cluster\":\"local\","
                + "\"job\":\"api\"},\"values\":[[1700006400,\"0\"],[1700006430,\"30\"],[1700006460,\"60\"]]}]}}");
        assertThat(http.get("/api/v1/label/__name__/values").body())
            .isEqualTo("{\"status\":\"success\",\"data\":[\"http_requests_total\"]}");
        assertThat(http.get("/api/v1/stores").body()).contains("\"store\":[")
            .contains("\"labelSets\":[{\"cluster\":\"local\"}]");
      }
    }
  }
}
