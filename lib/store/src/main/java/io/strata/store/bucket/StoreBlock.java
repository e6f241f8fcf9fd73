package io.strata.store.bucket;

import io.strata.block.BlockFiles;
import io.strata.model.Labels;
import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.chunks.ChunkSegments;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A block the store serves: its meta, external labels, open index-header and where its objects are. Immutable
 * apart from its reference count.
 *
 * <p>Lifetime: the syncer holds one reference from load to unload; every request that reads the block holds one
 * from selection until its last read finished. The index-header is closed and the local directory removed only
 * when the count drops to zero, so dropping a block never pulls it from under a running query.
 */
final class StoreBlock {
  final BlockMeta meta;
  final String id;
  final Labels externalLabels;
  final long resolution;
  final IndexHeaderReader header;
  final Bucket bucket;
  final Path dir;
  /** Chunk segment files present in the bucket when the block was loaded. */
  final int segmentCount;
  final int estimatedMaxSeriesSize;
  final int estimatedMaxChunkSize;
  /**
   * Whether a label name of the index is also an external label name. External labels then override stored
   * values, which can reorder series arbitrarily, so a query sorts the block's matching series fully instead of
   * the cheap prefix repair ({@link ExternalLabelOrder}).
   */
  final boolean externalLabelsInIndex;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final Consumer<StoreBlock> onClose;

  StoreBlock(BlockMeta meta, IndexHeaderReader header, Bucket bucket, Path dir, int segmentCount,
      BucketStoreConfig config, Consumer<StoreBlock> onClose) {
    this.meta = meta;
    this.id = meta.ulid();
    this.externalLabels = Labels.fromMap(meta.externalLabels());
    this.resolution = meta.resolution();
    this.header = header;
    this.bucket = bucket;
    this.dir = dir;
    this.segmentCount = segmentCount;
    BlockMeta.IndexStats stats = meta.thanos() == null ? null : meta.thanos().indexStats();
    this.estimatedMaxSeriesSize = stats != null && stats.seriesMaxSize() > 0
        ? (int) Math.min(stats.seriesMaxSize(), Integer.MAX_VALUE / 2) : config.estimatedMaxSeriesSize();
    this.estimatedMaxChunkSize = stats != null && stats.chunkMaxSize() > 0
        ? (int) Math.min(stats.chunkMaxSize(), Integer.MAX_VALUE / 2) : config.estimatedMaxChunkSize();
    boolean clash = false;
    for (String name : header.labelNames()) {
      if (externalLabels.has(name)) {
        clash = true;
        break;
      }
    }
    this.externalLabelsInIndex = clash;
    this.onClose = onClose;
  }

  String indexObject() {
    return BlockFiles.index(id);
  }

  String chunkObject(int segment) {
    return id + "/" + BlockFiles.CHUNKS_DIR + "/" + ChunkSegments.fileName(segment);
  }

  /** Whether the block may hold samples in the closed range {@code [mint, maxt]} (block ranges are half-open). */
  boolean overlaps(long mint, long maxt) {
    return meta.minTime() <= maxt && mint < meta.maxTime();
  }

  /** Takes a reference for a request; false if the block is already unloaded. */
  boolean tryAcquire() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Returns a reference; the last one closes the block. */
  void release() {
    if (refs.decrementAndGet() == 0) {
      header.close();
      onClose.accept(this);
    }
  }

  @Override
  public String toString() {
    return "block " + id + " " + externalLabels + " res=" + resolution;
  }
}
