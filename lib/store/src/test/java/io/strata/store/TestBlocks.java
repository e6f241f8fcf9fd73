package io.strata.store;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.chunks.ChunkSegments;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes test datasets as TSDB blocks with Thanos external labels, so any store implementation — over local
 * blocks, over a bucket (upload the directories), behind a proxy — can be fed the same data. Chunks are cut
 * the way Prometheus's head cuts them (120 samples, 2 h ranges).
 */
public final class TestBlocks {
  private static final long CHUNK_RANGE = 2 * 3600_000L;

  private TestBlocks() {}

  /**
   * Writes one block per time range {@code [bounds[i], bounds[i+1])} (one block for all data when no bounds
   * are given); ranges without samples produce no block.
   *
   * @return the block directories, in time order
   */
  public static List<Path> write(Path parent, List<TestSeries> series, Labels externalLabels, long... bounds)
      throws IOException {
    long[] edges = bounds.length == 0 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE} : bounds;
    List<Path> out = new ArrayList<>();
    for (int i = 0; i + 1 < edges.length; i++) {
      List<TestSeries> part = new ArrayList<>();
      for (TestSeries s : series) {
        TestSeries p = s.slice(edges[i], edges[i + 1]);
        if (!p.isEmpty()) {
          part.add(p);
        }
      }
      if (!part.isEmpty()) {
        out.add(writeBlock(parent, part, externalLabels));
      }
    }
    return out;
  }

  /** Writes one block holding all samples of {@code series}; returns its directory. */
  public static Path writeBlock(Path parent, List<TestSeries> series, Labels externalLabels) throws IOException {
    List<TestSeries> sorted = new ArrayList<>(series);
    sorted.sort(Comparator.comparing(TestSeries::labels));
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    long minT = Long.MAX_VALUE;
    for (TestSeries s : sorted) {
      s.labels().forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      });
      minT = Math.min(minT, s.minTime());
    }
    try (BlockWriter w = new BlockWriter(parent, Ulid.generate(Math.max(0, minT)), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(symbols.iterator());
      for (TestSeries s : sorted) {
        ChunkCutter cutter = new ChunkCutter(CHUNK_RANGE);
        for (int i = 0; i < s.timestamps().length; i++) {
          cutter.append(s.timestamps()[i], s.values()[i]);
        }
        w.addSeries(s.labels(), cutter.finish());
      }
      BlockMeta meta = w.finish(BlockMeta.Thanos.of(externalLabels.toMap(), 0, "test"));
      return parent.resolve(meta.ulid());
    }
  }
}
