package io.strata.tsdb.block;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.chunks.ChunkSegmentWriter;
import io.strata.tsdb.chunks.ChunkSegments;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.IndexWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes one block from series given in ascending label order. Chunks go to the segment files and the
 * series entry to the index as each series arrives, so memory does not grow with the samples.
 *
 * <p>Like Prometheus, everything is written into {@code <ULID>.tmp-for-creation/}; {@link #finish}
 * writes index, {@code meta.json} and {@code tombstones}, fsyncs and renames the directory to
 * {@code <ULID>}. Closing without finishing deletes the temporary directory, so a failed or interrupted
 * write never leaves anything that looks like a block.
 *
 * <p>Usage: {@code addSymbols} once, then {@code addSeries} for each series, then {@code finish}.
 */
public final class BlockWriter implements Closeable {
  private final Path parent;
  private final Ulid ulid;
  private final Path tmpDir;
  private final ChunkSegmentWriter chunkWriter;
  private final IndexWriter indexWriter;
  private final ChunkMetaList metas = new ChunkMetaList();
  private long[] refs = new long[16];
  private long numSamples;
  private long numSeries;
  private long numChunks;
  private long minTime = Long.MAX_VALUE;
  private long maxTime = Long.MIN_VALUE;
  private long maxChunkSize;
  private boolean finished;

  public BlockWriter(Path parentDir) throws IOException {
    this(parentDir, Ulid.generate(System.currentTimeMillis()), ChunkSegments.DEFAULT_SEGMENT_SIZE);
  }

  public BlockWriter(Path parentDir, Ulid ulid, long segmentSize) throws IOException {
    this.parent = parentDir;
    this.ulid = ulid;
    this.tmpDir = parentDir.resolve(ulid + ".tmp-for-creation");
    Files.createDirectories(tmpDir);
    boolean ok = false;
    try {
      this.chunkWriter = new ChunkSegmentWriter(tmpDir.resolve("chunks"), segmentSize);
      this.indexWriter = new IndexWriter(tmpDir.resolve("index"));
      ok = true;
    } finally {
      if (!ok) {
        deleteRecursively(tmpDir);
      }
    }
  }

  public Ulid ulid() {
    return ulid;
  }

  /** Every label name and value of the series to come, ascending in UTF-8 order, no duplicates. */
  public void addSymbols(Iterator<String> sortedSymbols) throws IOException {
    indexWriter.addSymbols(sortedSymbols);
  }

  /**
   * Adds a series with its chunks in time order (non-overlapping). Series must arrive in ascending
   * label order. A series without chunks is skipped, as Prometheus's compactor does.
   */
  public void addSeries(Labels labels, List<Chunk> chunks) throws IOException {
    if (chunks.isEmpty()) {
      return;
    }
    if (refs.length < chunks.size()) {
      refs = new long[Math.max(chunks.size(), refs.length * 2)];
    }
    chunkWriter.write(chunks, refs);
    metas.clear();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      metas.add(c.minTime(), c.maxTime(), refs[i]);
      numSamples += ChunkSamples.count(c);
      maxChunkSize = Math.max(maxChunkSize, c.data().length + ChunkSegments.MAX_RECORD_OVERHEAD);
      minTime = Math.min(minTime, c.minTime());
      maxTime = Math.max(maxTime, c.maxTime());
    }
    indexWriter.addSeries(labels, metas);
    numSeries++;
    numChunks += chunks.size();
  }

  /**
   * Completes the block with a time range covering its samples: {@code minTime} = first sample,
   * {@code maxTime} = last sample + 1 (what Prometheus's block writer does).
   */
  public BlockMeta finish(BlockMeta.Thanos thanos) throws IOException {
    long min = numSamples == 0 ? 0 : minTime;
    long max = numSamples == 0 ? 0 : maxTime + 1;
    return finish(min, max, BlockMeta.Compaction.level1(ulid.toString()), thanos);
  }

  /**
   * Completes the block with an explicit range {@code [minTime, maxTime)} that must contain every
   * sample, and the given compaction section and Thanos section (may be null).
   */
  public BlockMeta finish(long blockMinTime, long blockMaxTime, BlockMeta.Compaction compaction,
      BlockMeta.Thanos thanos) throws IOException {
    if (finished) {
      throw new IllegalStateException("block " + ulid + " already finished");
    }
    if (numSamples > 0 && (minTime < blockMinTime || maxTime >= blockMaxTime)) {
      throw new IllegalArgumentException("samples span [" + minTime + ", " + maxTime + "], outside the block range ["
          + blockMinTime + ", " + blockMaxTime + ")");
    }
    chunkWriter.close();
    indexWriter.finish();
    BlockMeta.Thanos t = thanos == null ? null
        : thanos.withIndexStats(new BlockMeta.IndexStats(indexWriter.maxSeriesEntrySize(), maxChunkSize));
    BlockMeta meta = new BlockMeta(ulid.toString(), blockMinTime, blockMaxTime,
        new BlockMeta.Stats(numSamples, numSamples, 0, numSeries, numChunks, 0), compaction,
        BlockMeta.META_VERSION, t);
    BlockMetaCodec.write(tmpDir, meta);
    Tombstones.writeEmpty(tmpDir);
    fsyncDir(tmpDir.resolve("chunks"));
    fsyncDir(tmpDir);
    Path dest = parent.resolve(ulid.toString());
    Files.move(tmpDir, dest, StandardCopyOption.ATOMIC_MOVE);
    fsyncDir(parent);
    finished = true;
    return meta;
  }

  public long numSeries() {
    return numSeries;
  }

  public long numSamples() {
    return numSamples;
  }

  /** Abandons an unfinished block: its temporary directory is removed. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      try {
        chunkWriter.close();
        indexWriter.close();
      } finally {
        deleteRecursively(tmpDir);
      }
    }
  }

  private static void fsyncDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories for fsync; the data files themselves are synced.
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
