/**
 * The store gateway's core: {@link io.strata.store.bucket.BucketStore} serves the StoreAPI over every block in
 * a bucket, keeping only a small index-header per block on local disk.
 *
 * <p>How a block is served, in the order data flows:
 * <ol>
 *   <li>{@link io.strata.store.bucket.BlockSyncer} lists the bucket with {@code MetaFetcher}, filters blocks like
 *       Thanos (partial uploads, deletion marks, consistency delay, time range, hashmod shard, blocks already
 *       compacted into another) and loads or drops blocks;
 *   <li>loading a block builds {@code <dataDir>/<ULID>/index-header} from three ranged reads of the index (TOC,
 *       symbol table, postings offset table), in Thanos's binary index-header layout, then memory-maps it and
 *       keeps only every 32nd entry of each table on the heap ({@link io.strata.store.bucket.IndexHeaderReader});
 *   <li>a Series call resolves matchers to postings lists with the header's offsets, fetches lists, series
 *       entries and chunks with ranged GETs whose nearby ranges are merged, and streams whole series in label
 *       order across blocks ({@link io.strata.store.bucket.BlockSeriesStream},
 *       {@link io.strata.store.bucket.SeriesMerger}).
 * </ol>
 * Nothing here downloads a whole index or chunk file: memory and start-up time grow with the number of blocks
 * and the size of their symbol and postings tables, never with the size of indexes or chunks.
 *
 * <p>Facts: ../shared/reference/thanos-components.md §1.5 (store gateway), tsdb-block-format.md §4 (index),
 * chunk-encodings.md §6.2 (downsampled chunks).
 */
package io.strata.store.bucket;
