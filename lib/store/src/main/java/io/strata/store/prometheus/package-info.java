/**
 * The StoreAPI over a Prometheus server, the sidecar's store (Thanos's {@code PrometheusStore}): Series through
 * Prometheus's remote-read endpoint, label APIs through its HTTP API, external labels attached to everything
 * served.
 *
 * <p>Remote read asks for {@code STREAMED_XOR_CHUNKS} first: a body of frames (uvarint length, big-endian
 * CRC32C, one {@code ChunkedReadResponse}), read incrementally by {@link
 * io.strata.store.prometheus.ChunkedFrameReader} and passed on series by series, chunks untouched (only the
 * encoding number changes: Prometheus numbers XOR 1, the StoreAPI 0). A Prometheus that only speaks
 * {@code SAMPLES} answers with one snappy-compressed {@code ReadResponse}, whose samples are cut into XOR chunks
 * of 120. Wire facts: ../shared/reference/remote-protocols.md §4.
 *
 * <p>Order is the subtle part: Prometheus sorts by stored labels, but served label sets have the external labels
 * set over them and the request's replica labels removed, which can reorder series; see {@link
 * io.strata.store.prometheus.SeriesReorder}.
 */
package io.strata.store.prometheus;
