/**
 * Chunk segment files ({@code chunks/000001}, ...): the sample data of a block, one record per chunk,
 * addressed from the index by 64-bit references {@code segmentIndex << 32 | offset}.
 *
 * <p>Format: ../shared/reference/tsdb-block-format.md §5 (docs/format/tsdb-block-format.md).
 */
package io.strata.tsdb.chunks;
