package io.strata.store.prometheus;

import io.strata.model.Labels;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.store.AcceptanceData;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.testing.RealPrometheus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The StoreAPI acceptance suite against a real Prometheus: each dataset is written as blocks into a fresh data
 * directory (split at T0+2h, as a backfill would be), Prometheus is started over it with the suite's external
 * labels, and the store talks to it over HTTP exactly as the sidecar does.
 */
class PrometheusStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    Path dataDir = dir.resolve("data");
    if (!data.isEmpty()) {
      long t0 = AcceptanceData.T0;
      TestBlocks.write(dataDir, data, Labels.EMPTY, t0, t0 + 2 * AcceptanceData.HOUR, t0 + 24 * AcceptanceData.HOUR);
    }
    List<String> ext = new ArrayList<>();
    externalLabels.forEach((n, v) -> ext.add(n + ": \"" + v + "\""));
    RealPrometheus prometheus = closeAfterAll(RealPrometheus.start(dataDir, RealPrometheus.config(ext.toArray(
        String[]::new)), List.of()));
    PrometheusClient client = new PrometheusClient(prometheus.uri(), Duration.ofSeconds(30));
    PrometheusMetadata metadata = new PrometheusMetadata(client);
    metadata.awaitExternalLabels(Duration.ofSeconds(30), Duration.ofMillis(200));
    return new PrometheusStore(client, metadata);
  }
}
