/**
 * Object storage for Strata, shaped like Thanos's {@code objstore.Bucket}: a flat namespace of immutable-until-
 * overwritten objects whose names use {@code /} to model directories. Everything that reads or writes blocks
 * goes through {@link io.strata.objstore.Bucket}; {@link io.strata.objstore.FilesystemBucket},
 * {@link io.strata.objstore.InMemoryBucket} and {@link io.strata.objstore.S3Bucket} implement it, and decorators
 * ({@link io.strata.objstore.MeteredBucket}, {@link io.strata.objstore.PrefixedBucket}) add behaviour without the
 * callers knowing. {@link io.strata.objstore.BucketFactory} turns the Thanos bucket YAML given with
 * {@code --objstore.config-file} or {@code --objstore.config} into a bucket, so existing Thanos configs work as is.
 */
package io.strata.objstore;
