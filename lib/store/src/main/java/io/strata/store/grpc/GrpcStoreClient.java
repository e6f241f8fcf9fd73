package io.strata.store.grpc;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.strata.model.Labels;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelSet;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.StoreGrpc;
import io.strata.proto.thanos.StoreType;
import io.strata.proto.thanos.ZLabelSet;
import io.strata.proto.thanos.info.InfoGrpc;
import io.strata.proto.thanos.info.InfoRequest;
import io.strata.proto.thanos.info.InfoResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * A remote StoreAPI endpoint (a Strata or Thanos sidecar, store gateway, receiver or querier) as a
 * {@link StoreApi}.
 *
 * <p>{@link #info()} returns what the endpoint last announced, asking on first use; {@link #refreshInfo()}
 * asks again (the endpoint set calls it periodically). Endpoints without {@code thanos.info.Info} (Thanos
 * before 0.2x) answer UNIMPLEMENTED, and are asked the legacy {@code Store.Info} instead.
 *
 * <p>{@link #series} is a blocking stream: the call requests one message at a time, so gRPC flow control
 * slows the server down to the reader's pace. Closing the iterator cancels the call, also from another
 * thread while a read blocks. Remote {@code batch} frames are unpacked into one series per frame.
 * Every call carries the deadline given at construction (none if zero); failures become
 * {@link StoreException}s naming the endpoint.
 */
public final class GrpcStoreClient implements StoreApi {
  private final String target;
  private final Duration timeout;
  private final StoreGrpc.StoreBlockingStub store;
  private final InfoGrpc.InfoBlockingStub infoStub;
  private volatile StoreInfo info;

  /**
   * @param channel the endpoint's channel; owned by the caller
   * @param target the endpoint's name in errors and warnings, usually {@code host:port}
   * @param timeout deadline for each call; {@link Duration#ZERO} for none
   */
  public GrpcStoreClient(Channel channel, String target, Duration timeout) {
    this.target = target;
    this.timeout = timeout;
    // Long series arrive as single messages; Thanos's querier lifts the 4 MiB default the same way.
    this.store = StoreGrpc.newBlockingStub(channel).withMaxInboundMessageSize(Integer.MAX_VALUE);
    this.infoStub = InfoGrpc.newBlockingStub(channel);
  }

  public String target() {
    return target;
  }

  private StoreGrpc.StoreBlockingStub store() {
    return timeout.isZero() ? store : store.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public StoreInfo info() {
    StoreInfo i = info;
    return i != null ? i : refreshInfo();
  }

  /**
   * Asks the endpoint what it serves now.
   *
   * @throws StoreException if it cannot be reached, or does not serve the StoreAPI
   */
  public StoreInfo refreshInfo() {
    InfoGrpc.InfoBlockingStub stub = timeout.isZero() ? infoStub
        : infoStub.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
    StoreInfo fresh;
    try {
      fresh = fromInfo(stub.info(InfoRequest.getDefaultInstance()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw GrpcStatus.toStoreException(e.getStatus(), "info", target);
      }
      try {
        fresh = fromLegacyInfo(store().info(io.strata.proto.thanos.InfoRequest.getDefaultInstance()));
      } catch (StatusRuntimeException legacy) {
        throw GrpcStatus.toStoreException(legacy.getStatus(), "legacy Store.Info", target);
      }
    }
    info = fresh;
    return fresh;
  }

  private StoreInfo fromInfo(InfoResponse r) {
    if (!r.hasStore()) {
      throw new StoreException(StoreException.Code.UNAVAILABLE,
          "endpoint " + target + " (" + r.getComponentType() + ") does not serve the StoreAPI");
    }
    List<Labels> sets = new ArrayList<>(r.getLabelSetsCount());
    for (ZLabelSet s : r.getLabelSetsList()) {
      sets.add(ProtoConversions.labels(s.getLabelsList()));
    }
    io.strata.proto.thanos.info.StoreInfo s = r.getStore();
    return new StoreInfo(sets, s.getMinTime(), s.getMaxTime(), s.getSupportsWithoutReplicaLabels(),
        r.getComponentType());
  }

  private static StoreInfo fromLegacyInfo(io.strata.proto.thanos.InfoResponse r) {
    List<Labels> sets = new ArrayList<>(r.getLabelSetsCount());
    for (LabelSet s : r.getLabelSetsList()) {
      sets.add(ProtoConversions.labels(s.getLabelsList()));
    }
    if (sets.isEmpty() && r.getLabelsCount() > 0) {
      sets.add(ProtoConversions.labels(r.getLabelsList()));
    }
    StoreType t = r.getStoreType();
    String component = t == StoreType.UNKNOWN || t == StoreType.UNRECOGNIZED ? "" : t.name().toLowerCase(Locale.ROOT);
    return new StoreInfo(sets, r.getMinTime(), r.getMaxTime(), false, component);
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    Context.CancellableContext ctx = Context.current().withCancellation();
    Iterator<SeriesResponse> it;
    try {
      it = ctx.call(() -> store().series(request));
    } catch (StatusRuntimeException e) {
      ctx.cancel(null);
      throw GrpcStatus.toStoreException(e.getStatus(), "series", target);
    } catch (Exception e) {
      ctx.cancel(null);
      throw new StoreException(StoreException.Code.INTERNAL, "starting series call to " + target + ": " + e, e);
    }
    return new RemoteSeries(it, ctx);
  }

  /** The response stream of one Series call. */
  private final class RemoteSeries implements CloseableIterator<SeriesResponse> {
    private final Iterator<SeriesResponse> it;
    private final Context.CancellableContext ctx;
    private final ArrayDeque<Series> unpacked = new ArrayDeque<>();
    private SeriesResponse next;
    private volatile boolean closed;

    RemoteSeries(Iterator<SeriesResponse> it, Context.CancellableContext ctx) {
      this.it = it;
      this.ctx = ctx;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (!unpacked.isEmpty()) {
        next = SeriesResponse.newBuilder().setSeries(unpacked.poll()).build();
        return true;
      }
      while (!closed) {
        boolean more;
        SeriesResponse r;
        try {
          more = it.hasNext();
          r = more ? it.next() : null;
        } catch (StatusRuntimeException e) {
          if (closed) {
            return false;
          }
          close();
          throw GrpcStatus.toStoreException(e.getStatus(), "series", target);
        }
        if (!more) {
          close();
          return false;
        }
        if (r.hasBatch()) {
          unpacked.addAll(r.getBatch().getSeriesList());
          if (unpacked.isEmpty()) {
            continue;
          }
          next = SeriesResponse.newBuilder().setSeries(unpacked.poll()).build();
        } else {
          next = r;
        }
        return true;
      }
      return false;
    }

    @Override
    public SeriesResponse next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SeriesResponse r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      closed = true;
      ctx.cancel(null);
    }
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    try {
      return store().labelNames(request);
    } catch (StatusRuntimeException e) {
      throw GrpcStatus.toStoreException(e.getStatus(), "label names", target);
    }
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    try {
      return store().labelValues(request);
    } catch (StatusRuntimeException e) {
      throw GrpcStatus.toStoreException(e.getStatus(), "label values", target);
    }
  }

  @Override
  public String toString() {
    return target;
  }
}
