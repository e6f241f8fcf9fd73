package io.strata.bench.sidecar;

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
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Writes a seeded synthetic block with {@link BlockWriter}: {@code series} series {@code bench{series="i"}} of
 * {@code samples} samples every {@code intervalMs} from {@code start}.
 *
 * <ul>
 *   <li>{@code random}: full-precision random-walk gauges, ~9 bytes a sample, to make a large block quickly;
 *   <li>{@code counter}: integer counters rising by 0..99, ~1.5 bytes a sample, like scraped data.
 * </ul>
 */
final class SyntheticBlock {
  private SyntheticBlock() {}

  static BlockMeta write(Path parent, int series, int samples, long start, long intervalMs, boolean random)
      throws IOException {
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    symbols.add("__name__");
    symbols.add("bench");
    symbols.add("series");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      names.add(String.format("%06d", i));
    }
    symbols.addAll(names);
    try (BlockWriter w = new BlockWriter(parent, Ulid.generate(start), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(symbols.iterator());
      for (int i = 0; i < series; i++) {
        SplittableRandom r = new SplittableRandom(i);
        ChunkCutter c = new ChunkCutter(2 * 3_600_000L);
        double v = r.nextDouble() * 1000;
        for (int s = 0; s < samples; s++) {
          v = random ? v + r.nextGaussian() : v + r.nextInt(100);
          c.append(start + s * intervalMs, v);
        }
        w.addSeries(Labels.of("__name__", "bench", "series", names.get(i)), c.finish());
      }
      long end = start + (long) samples * intervalMs;
      return w.finish(start, end, BlockMeta.Compaction.level1(w.ulid().toString()), null);
    }
  }
}
