package io.strata.store.grpc;

import io.grpc.stub.StreamObserver;
import io.strata.model.Labels;
import io.strata.proto.thanos.ZLabelSet;
import io.strata.proto.thanos.info.InfoGrpc;
import io.strata.proto.thanos.info.InfoRequest;
import io.strata.proto.thanos.info.InfoResponse;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.StoreInfo;

/**
 * Serves {@code thanos.info.Info} for a {@link StoreApi}: its external label sets, component type and a
 * {@code store} section (time range, {@code supports_without_replica_labels}); the presence of that section
 * tells a querier the endpoint speaks the StoreAPI. Queriers poll this every few seconds, so it must be
 * cheap — {@link StoreApi#info()} is.
 */
public final class InfoGrpcService extends InfoGrpc.InfoImplBase {
  private final StoreApi store;

  public InfoGrpcService(StoreApi store) {
    this.store = store;
  }

  @Override
  public void info(InfoRequest request, StreamObserver<InfoResponse> responseObserver) {
    StoreInfo info;
    try {
      info = store.info();
    } catch (RuntimeException e) {
      responseObserver.onError(GrpcStatus.toStatus(e).asRuntimeException());
      return;
    }
    responseObserver.onNext(toProto(info));
    responseObserver.onCompleted();
  }

  static InfoResponse toProto(StoreInfo info) {
    InfoResponse.Builder b = InfoResponse.newBuilder()
        .setComponentType(info.componentType() == null ? "" : info.componentType())
        .setStore(io.strata.proto.thanos.info.StoreInfo.newBuilder()
            .setMinTime(info.minTime())
            .setMaxTime(info.maxTime())
            .setSupportsWithoutReplicaLabels(info.supportsWithoutReplicaLabels()));
    for (Labels set : info.labelSets()) {
      b.addLabelSets(ZLabelSet.newBuilder().addAllLabels(ProtoConversions.toProto(set)));
    }
    return b.build();
  }
}
