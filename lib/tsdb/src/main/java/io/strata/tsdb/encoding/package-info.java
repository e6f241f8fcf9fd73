/**
 * Byte-level building blocks shared by every TSDB file format: positional byte sources (a file, an
 * array, later a bucket object read by ranges), decoding and encoding buffers with Go's varints and
 * big-endian integers, and CRC32C sections.
 *
 * <p>Formats: docs/format/tsdb-block-format.md §1.
 */
package io.strata.tsdb.encoding;
