/**
 * The querier's fan-out ({@link io.strata.store.proxy.ProxyStore}): selects the stores that may hold
 * matching data by time range and external labels, streams from all of them at once through bounded
 * per-store buffers, merges the answers in label order, and applies the partial-response strategy to
 * failing or silent stores. Like Thanos's {@code pkg/store/proxy.go}.
 */
package io.strata.store.proxy;
