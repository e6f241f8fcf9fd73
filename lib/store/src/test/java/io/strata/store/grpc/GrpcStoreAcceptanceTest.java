package io.strata.store.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.StoreInfo;
import io.strata.store.TestSeries;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The acceptance suite through the wire: a {@code TsdbStore} served by {@link StoreGrpcService} and
 * {@link InfoGrpcService} on an in-process gRPC server, read back with {@link GrpcStoreClient}. Series are
 * requested in batches of 3, so server-side batching and client-side unbatching are covered too.
 */
class GrpcStoreAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    StoreApi local = TsdbStoreTestSupport.open(data, externalLabels, dir, this::closeAfterAll);
    String name = "acceptance-" + dir.getFileName() + "-" + System.nanoTime();
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    Server server = InProcessServerBuilder.forName(name).executor(executor)
        .addService(new StoreGrpcService(local)).addService(new InfoGrpcService(local)).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    closeAfterAll(() -> {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      executor.close();
    });
    return new Batching(new GrpcStoreClient(channel, name, Duration.ofSeconds(30)), 3);
  }

  /** Asks for {@code response_batch_size} on every Series call. */
  record Batching(StoreApi store, int batchSize) implements StoreApi {
    @Override
    public StoreInfo info() {
      return store.info();
    }

    @Override
    public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
      return store.series(request.toBuilder().setResponseBatchSize(batchSize).build());
    }

    @Override
    public LabelNamesResponse labelNames(LabelNamesRequest request) {
      return store.labelNames(request);
    }

    @Override
    public LabelValuesResponse labelValues(LabelValuesRequest request) {
      return store.labelValues(request);
    }
  }
}
