package io.strata.querier;

import static io.strata.querier.StoreServers.MINUTE;
import static io.strata.querier.StoreServers.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.server.GrpcServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A global view: one querier per replica ("cluster") and a global querier over both queriers' StoreAPI, which
 * deduplicates across them.
 */
class GlobalQuerierTest {
  @TempDir
  Path dir;

  @Test
  void aGlobalQuerierFansOutToQueriers() throws Exception {
    try (StoreServers stores = new StoreServers(dir);
        ConfigurableApplicationContext leafA = QuerierApplication.start("--http-address=127.0.0.1:0",
            "--grpc-address=127.0.0.1:0", "--endpoint=" + stores.replicaA);
        ConfigurableApplicationContext leafB = QuerierApplication.start("--http-address=127.0.0.1:0",
            "--grpc-address=127.0.0.1:0", "--endpoint=" + stores.replicaB)) {
      new Http(leafA).awaitReady();
      new Http(leafB).awaitReady();
      String a = "127.0.0.1:" + leafA.getBean(GrpcServer.class).port();
      String b = "127.0.0.1:" + leafB.getBean(GrpcServer.class).port();
      try (ConfigurableApplicationContext global = QuerierApplication.start("--http-address=127.0.0.1:0",
          "--grpc-address=127.0.0.1:0", "--endpoint=" + a, "--endpoint=" + b, "--query.replica-label=replica")) {
        Http http = new Http(global);
        http.awaitReady();
        String at = "&time=" + (T0 + 25 * MINUTE) / 1000; // replica a is down then: b's value
        assertThat(http.get("/api/v1/query?query=up" + at).body()).isEqualTo("{\"status\":\"success\",\"data\":"
            + "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"cluster\":\"eu\","
            + "\"job\":\"api\"},\"value\":[1700007900,\"2\"]}]}}");
        assertThat(http.get("/api/v1/query?query=count(up)&dedup=false&time=" + (T0 + 10 * MINUTE) / 1000).body())
            .contains("\"value\":[1700007000,\"2\"]");
        String storesJson = http.get("/api/v1/stores").body();
        assertThat(storesJson).startsWith("{\"status\":\"success\",\"data\":{\"query\":[")
            .contains("\"labelSets\":[{\"cluster\":\"eu\",\"replica\":\"a\"}]")
            .contains("\"labelSets\":[{\"cluster\":\"eu\",\"replica\":\"b\"}]");
        assertThat(http.get("/api/v1/label/replica/values?dedup=false").body())
            .isEqualTo("{\"status\":\"success\",\"data\":[\"a\",\"b\"]}");
      }
    }
  }
}
