/**
 * Blocks in a bucket, the layer Thanos calls {@code pkg/block}: listing block metadata (skipping
 * partial uploads, noting deletion marks), uploading a local block so that readers never see half of
 * it ({@code meta.json} last, with the {@code thanos} section and its file list), downloading one, and
 * the marker files.
 *
 * <p>Layout: docs/format/tsdb-block-format.md §2 and §3.
 */
package io.strata.block;
