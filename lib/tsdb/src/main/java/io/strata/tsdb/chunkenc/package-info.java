/**
 * Chunk encodings of the Prometheus TSDB: the XOR (Gorilla) float chunk, byte-compatible with Prometheus'
 * {@code tsdb/chunkenc}, and the bit streams it is built on.
 *
 * <p>The byte layout is specified in {@code docs/format/chunk-encodings.md} (§2 bit stream, §3 XOR
 * chunk); Prometheus' {@code tsdb/docs/format/chunks.md} is the upstream description. Compatibility is
 * checked against chunks written by Prometheus itself (tests decode and re-encode them byte for byte).
 *
 * <p>Decoding is on every query's hot path, so {@link io.strata.tsdb.chunkenc.XorChunkIterator} works on
 * primitives, reads the caller's array in place and is reset rather than re-created;
 * {@link io.strata.tsdb.chunkenc.XorChunkEncoder} is likewise reset between chunks.
 */
package io.strata.tsdb.chunkenc;
