/**
 * Talking to the Prometheus server a sidecar runs next to, over its HTTP API — Thanos's
 * {@code pkg/promclient}: the flags a shipper must check ({@code /api/v1/status/flags}), the external labels
 * from the loaded configuration ({@code /api/v1/status/config}), the lowest stored timestamp (from
 * {@code /metrics}), and the series and label endpoints a StoreAPI over Prometheus answers label queries
 * with. {@link io.strata.promclient.PrometheusMetadata} keeps the external labels and time range fresh.
 *
 * <p>Plain {@code java.net.http}; no Spring. API facts: ../shared/reference/prometheus-http-api.md and
 * thanos-components.md §1.8.
 */
package io.strata.promclient;
