/**
 * The querier ({@code bin/strata query}, Thanos's {@code thanos query}): the Prometheus HTTP API and PromQL over a
 * deduplicating fan-out to StoreAPI endpoints, and itself a StoreAPI endpoint (component type {@code query}), so a
 * global querier can fan out to the queriers of several clusters. Four small classes: the application, its flags
 * ({@link io.strata.querier.QuerierProperties}), the wiring endpoints → proxy → PromQL storage → engine → HTTP API
 * and gRPC services ({@link io.strata.querier.QuerierConfiguration}), and the WebFlux adapter of the HTTP API
 * ({@link io.strata.querier.PrometheusApiRoutes}). The work is done in {@code lib/query}, {@code lib/httpapi} and
 * {@code lib/store}. Ready once the endpoints were discovered and asked for their Info once.
 */
package io.strata.querier;
