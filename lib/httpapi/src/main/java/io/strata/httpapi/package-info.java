/**
 * The Prometheus HTTP query API ({@code /api/v1/...}) with the Thanos querier's extra parameters, as plain
 * Java: a request is a method plus merged URL/form parameters ({@link io.strata.httpapi.ApiRequest}), an answer
 * is a status, headers and bytes ({@link io.strata.httpapi.ApiResponse}). The web framework only moves bytes.
 *
 * <p>Compatibility is the point: parameters are parsed as Prometheus's {@code web/api/v1/api.go} parses them
 * ({@link io.strata.httpapi.Params}), errors carry its {@code errorType}s and status codes
 * ({@link io.strata.httpapi.ApiErrorType}), and JSON is written byte for byte as its jsoniter codec writes it
 * ({@link io.strata.httpapi.JsonWriter}, {@link io.strata.httpapi.ResponseEncoder}), because Grafana and the
 * PromQL conformance tools compare it. Facts: ../shared/reference/prometheus-http-api.md.
 *
 * <p>What the API reads from is an {@link io.strata.httpapi.ApiStorage}: a Queryable per request, opened with
 * the request's Thanos read options (dedup, replica labels, partial response, store matchers, downsampling),
 * so a querier over StoreAPI endpoints and a single Prometheus-like store plug in the same way.
 */
package io.strata.httpapi;
