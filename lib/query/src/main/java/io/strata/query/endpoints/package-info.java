/**
 * Which StoreAPI endpoints a querier fans out to, and what each serves: {@link
 * io.strata.query.endpoints.EndpointSpec} parses the {@code --endpoint}/{@code --store} forms (static
 * {@code host:port}, {@code dns+host:port}, {@code dnssrv+_grpc._tcp.name}, {@code dnssrvnoa+...}),
 * {@link io.strata.query.endpoints.EndpointSet} resolves them periodically, keeps one gRPC channel per address
 * and polls each endpoint's Info every few seconds, as Thanos's {@code EndpointSet} does.
 */
package io.strata.query.endpoints;
