/**
 * The sidecar's shipper: watches a Prometheus data directory and uploads each new block to the bucket, as
 * Thanos's {@code pkg/shipper} does (thanos-components.md §1.8).
 *
 * <p>{@link io.strata.block.shipper.Shipper#sync()} is one pass: blocks are taken oldest first, level-1 only
 * unless compacted uploads are enabled, each hard-linked into a private upload directory (so Prometheus
 * deleting or compacting it mid-upload cannot hurt), given the {@code thanos} meta section (external labels,
 * {@code source: sidecar}) and uploaded chunks → index → {@code meta.json}, so a reader never sees a block
 * that is not complete. {@link io.strata.block.shipper.ShipperState} ({@code thanos.shipper.json}) records
 * what was shipped, and the bucket is asked before every upload, so a restart neither repeats nor skips a
 * block. {@link io.strata.block.shipper.ShipperLoop} repeats passes and backs off while the bucket fails;
 * {@link io.strata.block.shipper.UploadPreconditions} refuses to ship from a Prometheus that compacts
 * locally.
 */
package io.strata.block.shipper;
