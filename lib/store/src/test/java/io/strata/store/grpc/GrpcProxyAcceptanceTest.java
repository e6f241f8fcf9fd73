package io.strata.store.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.strata.model.Labels;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestSeries;
import io.strata.store.proxy.ProxyStore;
import io.strata.store.proxy.StoreRef;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The acceptance suite for a querier of queriers: two replica stores each behind gRPC, a proxy over their
 * clients, and that proxy itself behind gRPC again.
 */
class GrpcProxyAcceptanceTest extends StoreApiAcceptanceTest {
  private ExecutorService executor;

  private GrpcStoreClient serve(StoreApi store, String name) throws Exception {
    Server server = InProcessServerBuilder.forName(name).executor(executor)
        .addService(new StoreGrpcService(store)).addService(new InfoGrpcService(store)).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    closeAfterAll(() -> {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    });
    return new GrpcStoreClient(channel, name, Duration.ofSeconds(30));
  }

  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    if (executor == null) {
      executor = closeAfterAll(Executors.newVirtualThreadPerTaskExecutor());
    }
    String prefix = "querier-of-queriers-" + dir.getFileName() + "-" + System.nanoTime();
    List<StoreRef> refs = new ArrayList<>();
    for (String replica : List.of("r1", "r2")) {
      Labels ext = externalLabels.toBuilder().set("replica", replica).build();
      StoreApi leaf = TsdbStoreTestSupport.open(data, ext, Files.createDirectories(dir.resolve(replica)),
          this::closeAfterAll);
      refs.add(StoreRef.of(replica, serve(leaf, prefix + "-" + replica)));
    }
    ProxyStore proxy = new ProxyStore(() -> refs, Duration.ofSeconds(30), 16, executor);
    return serve(proxy, prefix + "-proxy");
  }
}
