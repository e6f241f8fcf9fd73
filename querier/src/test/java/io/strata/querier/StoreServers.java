package io.strata.querier;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import io.strata.store.StoreInfo;
import io.strata.store.TestSeries;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import io.strata.tsdb.block.LocalBlock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * StoreAPI endpoints for querier tests: two replicas of an HA pair (external labels {@code cluster="eu"},
 * {@code replica="a"|"b"}; series {@code up{job="api"}} every 15 s for an hour from {@link #T0}; replica a is down
 * for ten minutes from T0+20m and reports 1, replica b reports 2), a store that never answers, and an address
 * where nothing listens. Servers listen on 127.0.0.1 only.
 */
final class StoreServers implements AutoCloseable {
  static final long T0 = 1_700_006_400_000L;
  static final long MINUTE = 60_000L;

  private final List<Server> servers = new ArrayList<>();
  private final List<LocalBlock> blocks = new ArrayList<>();
  final String replicaA;
  final String replicaB;

  /** No dataset: only {@link #serve} stores of the caller's. */
  StoreServers() {
    replicaA = null;
    replicaB = null;
  }

  StoreServers(Path dir) throws Exception {
    TestSeries full = TestSeries.of(Labels.of("__name__", "up", "job", "api"), T0, 15_000, 240, t -> 1);
    TestSeries before = full.slice(T0, T0 + 20 * MINUTE);
    TestSeries after = full.slice(T0 + 30 * MINUTE, T0 + 60 * MINUTE);
    long[] ts = new long[before.timestamps().length + after.timestamps().length];
    double[] vs = new double[ts.length];
    System.arraycopy(before.timestamps(), 0, ts, 0, before.timestamps().length);
    System.arraycopy(after.timestamps(), 0, ts, before.timestamps().length, after.timestamps().length);
    java.util.Arrays.fill(vs, 1);
    replicaA = serve(TsdbStoreTestSupport.open(List.of(new TestSeries(full.labels(), ts, vs)),
        Labels.of("cluster", "eu", "replica", "a"), dir.resolve("a"), blocks::add));
    replicaB = serve(TsdbStoreTestSupport.open(
        List.of(TestSeries.of(full.labels(), T0 + 5_000, 15_000, 240, t -> 2)),
        Labels.of("cluster", "eu", "replica", "b"), dir.resolve("b"), blocks::add));
  }

  /** Serves {@code store} on a free 127.0.0.1 port; returns {@code host:port}. */
  String serve(StoreApi store) throws Exception {
    Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .executor(Executors.newVirtualThreadPerTaskExecutor())
        .addService(new StoreGrpcService(store)).addService(new InfoGrpcService(store)).build().start();
    servers.add(s);
    return "127.0.0.1:" + s.getPort();
  }

  /** An address where nothing listens. */
  static String closedAddress() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "127.0.0.1:" + s.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    for (Server s : servers) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (LocalBlock b : blocks) {
      b.close();
    }
  }

  /** Announces data for every series and then never sends any, until the call is cancelled. */
  static final class HangingStore implements StoreApi {
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(Labels.of("cluster", "slow")), Long.MIN_VALUE, Long.MAX_VALUE, true, "store");
    }

    @Override
    public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
      CountDownLatch closed = new CountDownLatch(1);
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          try {
            closed.await(60, TimeUnit.SECONDS);
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
          closed.countDown();
          cancelled.countDown();
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
