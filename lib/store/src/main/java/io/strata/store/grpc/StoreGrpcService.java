package io.strata.store.grpc;

import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.strata.model.Labels;
import io.strata.proto.thanos.InfoRequest;
import io.strata.proto.thanos.InfoResponse;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelSet;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesBatch;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.StoreGrpc;
import io.strata.proto.thanos.StoreType;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.StoreInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Serves a {@link StoreApi} as the gRPC service {@code thanos.Store}, including the legacy
 * {@code Store.Info} RPC older Thanos queriers still call (register {@link InfoGrpcService} next to it for
 * the current {@code thanos.info.Info}).
 *
 * <p>Series are pulled from the store's iterator only while the transport is ready to send
 * ({@link ServerCallStreamObserver#isReady()}); when the client reads slowly the pump stops and resumes
 * from {@code onReady}, so a slow client holds back the store instead of making the server buffer the
 * answer. A cancelled call or passed deadline closes the iterator at once, from gRPC's cancellation
 * listener, which also cancels a store that is blocked waiting (e.g. a proxy waiting on its stores).
 * {@code response_batch_size} above 1 packs that many series into one {@code batch} frame.
 *
 * <p>Handlers block while the store works: give the server a virtual-thread executor
 * ({@code ServerBuilder.executor(Executors.newVirtualThreadPerTaskExecutor())}), never the event loop.
 */
public final class StoreGrpcService extends StoreGrpc.StoreImplBase {
  private final StoreApi store;

  public StoreGrpcService(StoreApi store) {
    this.store = store;
  }

  @Override
  public void series(SeriesRequest request, StreamObserver<SeriesResponse> responseObserver) {
    ServerCallStreamObserver<SeriesResponse> out = (ServerCallStreamObserver<SeriesResponse>) responseObserver;
    CloseableIterator<SeriesResponse> it;
    try {
      it = store.series(request);
    } catch (RuntimeException e) {
      out.onError(GrpcStatus.toStatus(e).asRuntimeException());
      return;
    }
    Pump pump = new Pump(out, it, (int) Math.min(Integer.MAX_VALUE, request.getResponseBatchSize()));
    out.setOnCancelHandler(pump::cancel);
    out.setOnReadyHandler(pump);
    // Fires on the transport's thread even while the pump is blocked inside the store.
    Context.current().addListener(ctx -> pump.cancel(), Runnable::run);
    pump.run();
  }

  /** Moves frames from the iterator to the client while the transport accepts them. */
  private static final class Pump implements Runnable {
    private final ServerCallStreamObserver<SeriesResponse> out;
    private final CloseableIterator<SeriesResponse> it;
    private final int batchSize;
    private final List<Series> batch = new ArrayList<>();
    private volatile boolean finished;

    Pump(ServerCallStreamObserver<SeriesResponse> out, CloseableIterator<SeriesResponse> it, int batchSize) {
      this.out = out;
      this.it = it;
      this.batchSize = batchSize;
    }

    /** Called once by the handler, then by gRPC's serialized onReady callbacks. */
    @Override
    public void run() {
      try {
        while (!finished && out.isReady()) {
          if (!it.hasNext()) {
            if (!finished) {
              flush();
              finish();
              out.onCompleted();
            }
            return;
          }
          SeriesResponse r = it.next();
          if (batchSize > 1 && r.hasSeries()) {
            batch.add(r.getSeries());
            if (batch.size() >= batchSize) {
              flush();
            }
          } else {
            flush();
            out.onNext(r);
          }
        }
      } catch (RuntimeException e) {
        if (!finished) {
          finish();
          out.onError(GrpcStatus.toStatus(e).asRuntimeException());
        }
      }
    }

    private void flush() {
      if (!batch.isEmpty()) {
        out.onNext(SeriesResponse.newBuilder().setBatch(SeriesBatch.newBuilder().addAllSeries(batch)).build());
        batch.clear();
      }
    }

    private void finish() {
      finished = true;
      it.close();
    }

    void cancel() {
      finished = true;
      it.close();
    }
  }

  @Override
  public void labelNames(LabelNamesRequest request, StreamObserver<LabelNamesResponse> responseObserver) {
    unary(() -> store.labelNames(request), responseObserver);
  }

  @Override
  public void labelValues(LabelValuesRequest request, StreamObserver<LabelValuesResponse> responseObserver) {
    unary(() -> store.labelValues(request), responseObserver);
  }

  /** Answers a unary call, or fails it with the gRPC status the store's exception maps to. */
  private static <T> void unary(Supplier<T> call, StreamObserver<T> responseObserver) {
    T r;
    try {
      r = call.get();
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatus.toStatus(e).asRuntimeException());
      return;
    }
    responseObserver.onNext(r);
    responseObserver.onCompleted();
  }

  /** The legacy {@code Store.Info} (removed from Thanos in 2024, still called by older queriers). */
  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> responseObserver) {
    unary(() -> {
      StoreInfo info = store.info();
      InfoResponse.Builder b = InfoResponse.newBuilder()
          .setMinTime(info.minTime())
          .setMaxTime(info.maxTime())
          .setStoreType(storeType(info.componentType()));
      for (Labels set : info.labelSets()) {
        b.addLabelSets(LabelSet.newBuilder().addAllLabels(ProtoConversions.toProto(set)));
      }
      return b.build();
    }, responseObserver);
  }

  static StoreType storeType(String componentType) {
    return switch (componentType == null ? "" : componentType) {
      case "query" -> StoreType.QUERY;
      case "rule" -> StoreType.RULE;
      case "sidecar" -> StoreType.SIDECAR;
      case "store" -> StoreType.STORE;
      case "receive" -> StoreType.RECEIVE;
      case "debug" -> StoreType.DEBUG;
      default -> StoreType.UNKNOWN;
    };
  }
}
