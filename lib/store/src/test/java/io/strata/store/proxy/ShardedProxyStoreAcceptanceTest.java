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

/** Each store holds every other series, with different replica labels. */
class ShardedProxyStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    ExecutorService executor = closeAfterAll(Executors.newVirtualThreadPerTaskExecutor());
    List<StoreRef> refs = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      List<TestSeries> part = new ArrayList<>();
      for (int i = shard; i < data.size(); i += 2) {
        part.add(data.get(i));
      }
      Labels ext = externalLabels.toBuilder().set("replica", "s" + shard).build();
      StoreApi s = TsdbStoreTestSupport.open(part, ext, Files.createDirectories(dir.resolve("s" + shard)),
          this::closeAfterAll);
      refs.add(StoreRef.of("tsdb-s" + shard, s));
    }
    return new ProxyStore(() -> refs, Duration.ZERO, 1, executor);
  }
}
