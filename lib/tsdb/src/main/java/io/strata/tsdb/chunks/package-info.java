/**
 * Chunk segment files ({@code chunks/000001}, ...): the sample data of a block, one record per chunk,
 * addressed from the index by 64-bit references {@code segmentIndex << 32 | offset}.
 *
 * <p>Format: docs/format/tsdb-block-format.md §5.
 */
package io.strata.tsdb.chunks;
