/**
 * Sidecar benchmarks run as plain programs (not JMH: each measurement is one long operation against real
 * servers): block upload throughput through the shipper to an S3 server, and remote-read Series throughput
 * through {@link io.strata.store.prometheus.PrometheusStore} against Prometheus's own query API. Driven by
 * {@code bench/scripts/sidecar-bench.sh}; figures in bench/README.md, section "Sidecar".
 */
package io.strata.bench.sidecar;
