/**
 * The store gateway ({@code bin/strata store}, Thanos's {@code thanos store}): the StoreAPI over every block in a
 * bucket. Four small classes: the application, its flags ({@link io.strata.storegateway.StoreGatewayProperties}),
 * the wiring bucket → metered bucket → block syncer → index cache → {@code BucketStore} → gRPC services
 * ({@link io.strata.storegateway.StoreGatewayConfiguration}), and the parser of Thanos's hashmod selector config.
 * The work is done in {@code io.strata.store.bucket}; {@code lib/server} supplies addresses, probes and metrics.
 * Ready ({@code /-/ready}) once the first block sync has completed.
 */
package io.strata.storegateway;
