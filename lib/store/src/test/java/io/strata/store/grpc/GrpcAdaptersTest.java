package io.strata.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.StoreGrpc;
import io.strata.proto.thanos.info.InfoGrpc;
import io.strata.proto.thanos.info.InfoRequest;
import io.strata.proto.thanos.info.InfoResponse;
import io.strata.store.AcceptanceData;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.StoreTestSupport;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import io.strata.tsdb.chunks.Chunk;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcAdaptersTest {
  @TempDir Path dir;
  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void close() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
    executor.close();
  }

  private ManagedChannel inProcess(BindableService... services) throws Exception {
    String name = "grpc-test-" + System.nanoTime();
    InProcessServerBuilder b = InProcessServerBuilder.forName(name).executor(executor);
    for (BindableService s : services) {
      b.addService(s);
    }
    Server server = b.build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    cleanup.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    cleanup.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  /** A store whose series stream is scripted: {@code frames} frames, optionally endless, failing or stuck. */
  static final class ScriptedStore implements StoreApi {
    final AtomicInteger pulled = new AtomicInteger();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile int frames = -1;
    volatile int frameBytes = 16;
    volatile boolean stuck;
    volatile StoreException failAfterFrames;
    volatile StoreException failOnCall;

    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(Labels.of("region", "eu")), 5, 50, false, "sidecar");
    }

    @Override
    public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
      if (failOnCall != null) {
        throw failOnCall;
      }
      return new CloseableIterator<>() {
        @Override
        public boolean hasNext() {
          if (stuck) {
            try {
              closed.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return false;
          }
          if (frames >= 0 && pulled.get() >= frames) {
            if (failAfterFrames != null) {
              throw failAfterFrames;
            }
            return false;
          }
          return true;
        }

        @Override
        public SeriesResponse next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          int i = pulled.getAndIncrement();
          Chunk c = new Chunk(i, i, 1, new byte[frameBytes]);
          return SeriesResponses.series(Labels.of("i", String.format("%08d", i)), List.of(c));
        }

        @Override
        public void close() {
          closed.countDown();
        }
      };
    }

    @Override
    public LabelNamesResponse labelNames(LabelNamesRequest request) {
      throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "too many names");
    }

    @Override
    public LabelValuesResponse labelValues(LabelValuesRequest request) {
      return LabelValuesResponse.newBuilder().addValues("v").build();
    }
  }

  private static SeriesRequest any() {
    return SeriesRequest.newBuilder().setMinTime(0).setMaxTime(100)
        .addMatchers(ProtoConversions.toProto(LabelMatcher.regex("i", ".+"))).build();
  }

  @Test
  void overNettyOnLoopbackTheClientSeesWhatTheStoreServes() throws Exception {
    StoreApi local = TsdbStoreTestSupport.open(AcceptanceData.main(), AcceptanceData.EXT, dir, cleanup::add);
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(executor)
        .addService(new StoreGrpcService(local)).addService(new InfoGrpcService(local)).build().start();
    cleanup.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    cleanup.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    GrpcStoreClient client = new GrpcStoreClient(channel, "127.0.0.1:" + server.getPort(), Duration.ofSeconds(30));

    StoreInfo info = client.info();
    assertThat(info).isEqualTo(local.info());
    SeriesRequest r = SeriesRequest.newBuilder().setMinTime(Long.MIN_VALUE).setMaxTime(Long.MAX_VALUE)
        .addMatchers(ProtoConversions.toProto(LabelMatcher.regex("__name__", ".+"))).build();
    var remote = StoreTestSupport.drain(client, r);
    var direct = StoreTestSupport.drain(local, r);
    assertThat(remote.series()).hasSize(direct.series().size()).isEqualTo(direct.series());
    LabelNamesRequest names = LabelNamesRequest.newBuilder().setStart(Long.MIN_VALUE).setEnd(Long.MAX_VALUE).build();
    assertThat(client.labelNames(names)).isEqualTo(local.labelNames(names));
  }

  @Test
  void aSlowClientHoldsBackTheStoreAndClosingCancelsIt() throws Exception {
    ScriptedStore store = new ScriptedStore();
    store.frameBytes = 64 * 1024;
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).executor(executor)
        .addService(new StoreGrpcService(store)).build().start();
    cleanup.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    cleanup.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    GrpcStoreClient client = new GrpcStoreClient(channel, "slow-client-test", Duration.ZERO);

    CloseableIterator<SeriesResponse> it = client.series(any());
    for (int i = 0; i < 3; i++) {
      assertThat(it.hasNext()).isTrue();
      it.next();
    }
    Thread.sleep(500);
    // An endless 64 KiB-per-frame stream: without flow control the server would have produced thousands.
    // gRPC's windows (about 1 MiB per stream on each side, plus the transport's send threshold) bound it.
    int pulled = store.pulled.get();
    assertThat(pulled).as("frames produced while the client sat idle").isLessThan(80);
    Thread.sleep(200);
    assertThat(store.pulled.get()).as("production stalls").isEqualTo(pulled);
    it.close();
    assertThat(store.closed.await(5, TimeUnit.SECONDS)).as("cancelling the call closes the store's stream").isTrue();
  }

  @Test
  void aPassedDeadlineCancelsAStuckStore() throws Exception {
    ScriptedStore store = new ScriptedStore();
    store.stuck = true;
    GrpcStoreClient client = new GrpcStoreClient(inProcess(new StoreGrpcService(store)), "stuck", Duration.ofMillis(200));
    assertThatThrownBy(() -> StoreTestSupport.drain(client, any())).isInstanceOf(StoreException.class)
        .hasMessageContaining("stuck")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.DEADLINE_EXCEEDED);
    assertThat(store.closed.await(5, TimeUnit.SECONDS)).as("the server side learns of the deadline").isTrue();
  }

  @Test
  void storeErrorsKeepTheirCodeAndMessage() throws Exception {
    ScriptedStore store = new ScriptedStore();
    GrpcStoreClient client = new GrpcStoreClient(inProcess(new StoreGrpcService(store)), "errors:10901", Duration.ZERO);
    store.failOnCall = new StoreException(StoreException.Code.INVALID_ARGUMENT, "bad matcher x");
    assertThatThrownBy(() -> StoreTestSupport.drain(client, any())).isInstanceOf(StoreException.class)
        .hasMessageContaining("bad matcher x").hasMessageContaining("errors:10901")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT);

    store.failOnCall = null;
    store.frames = 2;
    store.failAfterFrames = new StoreException(StoreException.Code.UNAVAILABLE, "bucket unreachable");
    List<SeriesResponse> got = new ArrayList<>();
    try (CloseableIterator<SeriesResponse> it = client.series(any())) {
      assertThatThrownBy(() -> {
        while (it.hasNext()) {
          got.add(it.next());
        }
      }).isInstanceOf(StoreException.class).hasMessageContaining("bucket unreachable")
          .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.UNAVAILABLE);
    }
    assertThat(got).hasSize(2);
    assertThatThrownBy(() -> client.labelNames(LabelNamesRequest.getDefaultInstance()))
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED);
    assertThat(client.labelValues(LabelValuesRequest.getDefaultInstance()).getValuesList()).containsExactly("v");
  }

  @Test
  void batchesArePackedOnTheWireAndUnpackedByTheClient() throws Exception {
    ScriptedStore store = new ScriptedStore();
    store.frames = 7;
    ManagedChannel channel = inProcess(new StoreGrpcService(store));
    Iterator<SeriesResponse> raw = StoreGrpc.newBlockingStub(channel).series(any().toBuilder().setResponseBatchSize(3).build());
    List<Integer> sizes = new ArrayList<>();
    raw.forEachRemaining(r -> sizes.add(r.getBatch().getSeriesCount()));
    assertThat(sizes).containsExactly(3, 3, 1);

    store.pulled.set(0);
    GrpcStoreClient client = new GrpcStoreClient(channel, "batch", Duration.ZERO);
    var r = StoreTestSupport.drain(client, any().toBuilder().setResponseBatchSize(3).build());
    assertThat(r.labels()).extracting(l -> l.get("i")).containsExactly("00000000", "00000001", "00000002", "00000003",
        "00000004", "00000005", "00000006");
  }

  @Test
  void infoServiceAndLegacyFallback() throws Exception {
    ScriptedStore store = new ScriptedStore();
    ManagedChannel current = inProcess(new StoreGrpcService(store), new InfoGrpcService(store));
    InfoResponse wire = InfoGrpc.newBlockingStub(current).info(InfoRequest.getDefaultInstance());
    assertThat(wire.getComponentType()).isEqualTo("sidecar");
    assertThat(wire.getStore().getMinTime()).isEqualTo(5);
    assertThat(wire.getLabelSets(0).getLabels(0).getValue()).isEqualTo("eu");
    assertThat(new GrpcStoreClient(current, "current", Duration.ZERO).info()).isEqualTo(store.info());

    // An endpoint without thanos.info.Info (older Thanos) answers UNIMPLEMENTED; the legacy Store.Info is used.
    GrpcStoreClient legacy = new GrpcStoreClient(inProcess(new StoreGrpcService(store)), "legacy", Duration.ZERO);
    assertThat(legacy.refreshInfo()).isEqualTo(new StoreInfo(List.of(Labels.of("region", "eu")), 5, 50, false, "sidecar"));

    // An endpoint that answers Info without a store section does not serve the StoreAPI.
    InfoGrpc.InfoImplBase rulerOnly = new InfoGrpc.InfoImplBase() {
      @Override
      public void info(InfoRequest request, StreamObserver<InfoResponse> out) {
        out.onNext(InfoResponse.newBuilder().setComponentType("rule").build());
        out.onCompleted();
      }
    };
    GrpcStoreClient notAStore = new GrpcStoreClient(inProcess(rulerOnly), "ruler", Duration.ZERO);
    assertThatThrownBy(notAStore::info).isInstanceOf(StoreException.class).hasMessageContaining("ruler");
  }

  @Test
  void legacyStoreTypes() {
    assertThat(StoreGrpcService.storeType("receive")).isEqualTo(io.strata.proto.thanos.StoreType.RECEIVE);
    assertThat(StoreGrpcService.storeType("query")).isEqualTo(io.strata.proto.thanos.StoreType.QUERY);
    assertThat(StoreGrpcService.storeType("parquet-gateway")).isEqualTo(io.strata.proto.thanos.StoreType.UNKNOWN);
  }
}
