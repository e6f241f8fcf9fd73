package io.strata.store.bucket;

import io.strata.block.BlockFiles;
import io.strata.model.Labels;
import io.strata.objstore.Bucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.chunks.ChunkSegments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A block the store serves: its meta, external labels, index-header and where its objects are.
 *
 * <p>Lifetime: the syncer holds one reference from load to unload; every request that reads the block holds one
 * from selection until its last read finished. The index-header is closed and the local directory removed only
 * when the count drops to zero, so dropping a block never pulls it from under a running query.
 *
 * <p>Lazy index-headers: when the store is configured with an idle timeout, the header is opened on first use
 * and closed again once no request has used it for that long ({@link #closeIfIdle}), so heap is spent only on the
 * blocks being queried, and start-up does not scan every header. A request holds a block reference for as long
 * as it uses the header, and an idle close happens only when no request holds one, so a header never closes
 * under a reader.
 */
final class StoreBlock {
  /** Opens a block's index-header, rebuilding it if it is damaged. */
  @FunctionalInterface
  interface HeaderOpener {
    IndexHeaderReader open() throws IOException;
  }

  final BlockMeta meta;
  final String id;
  final Labels externalLabels;
  final long resolution;
  final Bucket bucket;
  final Path dir;
  /** Chunk segment files present in the bucket when the block was loaded. */
  final int segmentCount;
  final int estimatedMaxSeriesSize;
  final int estimatedMaxChunkSize;
  private final HeaderOpener opener;
  private final Consumer<StoreBlock> onClose;
  private final Runnable onLazyOpen;
  private int refs = 1;
  private boolean unloaded;
  private IndexHeaderReader header;
  private long lastUsedNanos = System.nanoTime();
  private Boolean externalLabelsInIndex;

  /**
   * @param header the open header, or null to open it with {@code opener} on first use
   * @param onLazyOpen called each time the header is opened on demand (metrics)
   */
  StoreBlock(BlockMeta meta, IndexHeaderReader header, HeaderOpener opener, Bucket bucket, Path dir, int segmentCount,
      BucketStoreConfig config, Consumer<StoreBlock> onClose, Runnable onLazyOpen) {
    this.meta = meta;
    this.id = meta.ulid();
    this.externalLabels = Labels.fromMap(meta.externalLabels());
    this.resolution = meta.resolution();
    this.header = header;
    this.opener = opener;
    this.bucket = bucket;
    this.dir = dir;
    this.segmentCount = segmentCount;
    BlockMeta.IndexStats stats = meta.thanos() == null ? null : meta.thanos().indexStats();
    this.estimatedMaxSeriesSize = stats != null && stats.seriesMaxSize() > 0
        ? (int) Math.min(stats.seriesMaxSize(), Integer.MAX_VALUE / 2) : config.estimatedMaxSeriesSize();
    this.estimatedMaxChunkSize = stats != null && stats.chunkMaxSize() > 0
        ? (int) Math.min(stats.chunkMaxSize(), Integer.MAX_VALUE / 2) : config.estimatedMaxChunkSize();
    this.onClose = onClose;
    this.onLazyOpen = onLazyOpen;
  }

  /**
   * The index-header, opened now if it is not. Only call while holding a reference ({@link #tryAcquire}); the
   * reader stays valid until that reference is released.
   */
  synchronized IndexHeaderReader header() throws IOException {
    if (refs <= 0) {
      throw new IllegalStateException("block " + id + " is closed");
    }
    if (header == null) {
      header = opener.open();
      onLazyOpen.run();
    }
    lastUsedNanos = System.nanoTime();
    return header;
  }

  /**
   * Whether a label name of the index is also an external label name. External labels then override stored
   * values, which can reorder series arbitrarily, so a query sorts the block's matching series fully instead of
   * the cheap prefix repair ({@link ExternalLabelOrder}).
   */
  boolean externalLabelsInIndex() throws IOException {
    Boolean known;
    synchronized (this) {
      known = externalLabelsInIndex;
    }
    if (known != null) {
      return known;
    }
    IndexHeaderReader h = header();
    boolean clash = false;
    for (int i = 0; i < externalLabels.size(); i++) {
      clash |= h.hasLabel(externalLabels.name(i));
    }
    synchronized (this) {
      externalLabelsInIndex = clash;
    }
    return clash;
  }

  /** Whether the header is open, and roughly the heap it holds (0 when closed). */
  synchronized long headerHeapBytes() {
    return header == null ? 0 : header.heapEstimate();
  }

  synchronized boolean headerOpen() {
    return header != null;
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
  synchronized boolean tryAcquire() {
    if (refs <= 0) {
      return false;
    }
    refs++;
    return true;
  }

  /** Returns a reference; the last one closes the block. */
  void release() {
    boolean last;
    synchronized (this) {
      refs--;
      lastUsedNanos = System.nanoTime();
      last = refs == 0;
      if (last && header != null) {
        header.close();
        header = null;
      }
    }
    if (last) {
      onClose.accept(this);
    }
  }

  /** The syncer returns its own reference: the block is no longer served; requests still holding it finish. */
  void unload() {
    synchronized (this) {
      if (unloaded) {
        return;
      }
      unloaded = true;
    }
    release();
  }

  /** Closes the header if no request holds the block and none used it for {@code idleNanos}; true if closed. */
  synchronized boolean closeIfIdle(long nowNanos, long idleNanos) {
    // refs == 1 is the syncer's own reference only while the block is still loaded.
    if (!unloaded && refs == 1 && header != null && nowNanos - lastUsedNanos >= idleNanos) {
      header.close();
      header = null;
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "block " + id + " " + externalLabels + " res=" + resolution;
  }
}
