/**
 * gRPC adapters of the StoreAPI, wire-compatible with Thanos: {@link io.strata.store.grpc.StoreGrpcService}
 * and {@link io.strata.store.grpc.InfoGrpcService} serve a {@link io.strata.store.StoreApi}
 * ({@code thanos.Store}, legacy {@code Store.Info}, {@code thanos.info.Info}) with flow control and
 * cancellation; {@link io.strata.store.grpc.GrpcStoreClient} makes a remote endpoint a
 * {@code StoreApi} again. Status codes map one to one onto {@link io.strata.store.StoreException} codes.
 */
package io.strata.store.grpc;
