/**
 * The sidecar service ({@code bin/strata sidecar}), Thanos's {@code thanos sidecar}: next to one Prometheus it
 * serves that Prometheus's data over the StoreAPI (remote read, {@link io.strata.store.prometheus.PrometheusStore})
 * and, when a bucket is configured, ships its blocks ({@link io.strata.block.shipper.Shipper}). The logic lives in
 * {@code lib/promclient}, {@code lib/block} and {@code lib/store}; this module only binds flags and wires beans.
 */
package io.strata.sidecar;
