package io.strata.store.proxy;

import io.strata.model.Labels;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestSeries;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The acceptance suite through a proxy over two replicas: both stores hold all the data, one with external
 * label {@code replica="r1"}, the other {@code replica="r2"}. With the replica label dropped, the proxy must
 * merge them into exactly what one store answers (identical chunks deduplicated).
 */
class ProxyStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    ExecutorService executor = closeAfterAll(Executors.newVirtualThreadPerTaskExecutor());
    List<StoreRef> refs = new ArrayList<>();
    for (String replica : List.of("r1", "r2")) {
      Labels ext = externalLabels.toBuilder().set("replica", replica).build();
      StoreApi s = TsdbStoreTestSupport.open(data, ext, Files.createDirectories(dir.resolve(replica)), this::closeAfterAll);
      refs.add(StoreRef.of("tsdb-" + replica, s));
    }
    return new ProxyStore(() -> refs, Duration.ofSeconds(30), 8, executor);
  }
}
