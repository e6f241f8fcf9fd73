/**
 * Byte-level building blocks shared by every TSDB file format: positional byte sources (a file, an
 * array, later a bucket object read by ranges), decoding and encoding buffers with Go's varints and
 * big-endian integers, and CRC32C sections.
 *
 * <p>Formats: ../shared/reference/tsdb-block-format.md §1 (also docs/format/tsdb-block-format.md).
 */
package io.strata.tsdb.encoding;
