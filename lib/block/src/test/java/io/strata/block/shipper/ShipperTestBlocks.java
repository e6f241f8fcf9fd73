package io.strata.block.shipper;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small blocks in a directory laid out like Prometheus's data directory. */
final class ShipperTestBlocks {
  static final long HOUR = 3_600_000L;

  private ShipperTestBlocks() {}

  /** A level-{@code level} block of 5 series with a sample every 15 s over {@code [t0, t0 + 2h)}. */
  static BlockMeta write(Path dataDir, long t0, int level) throws IOException {
    return write(dataDir, t0, level, 5);
  }

  static BlockMeta write(Path dataDir, long t0, int level, int series) throws IOException {
    Ulid id = Ulid.generate(t0);
    try (BlockWriter w = new BlockWriter(dataDir, id, 4096)) {
      List<String> symbols = new ArrayList<>(List.of("__name__", "i", "up"));
      for (int i = 0; i < series; i++) {
        symbols.add(Integer.toString(i));
      }
      symbols.sort(null);
      w.addSymbols(symbols.iterator());
      for (int i = 0; i < series; i++) {
        ChunkCutter c = new ChunkCutter(2 * HOUR);
        for (int s = 0; s < 480; s++) {
          c.append(t0 + s * 15_000L, s * i);
        }
        w.addSeries(Labels.of("__name__", "up", "i", Integer.toString(i)), c.finish());
      }
      BlockMeta.Compaction compaction = level == 1 ? BlockMeta.Compaction.level1(id.toString())
          : new BlockMeta.Compaction(level, List.of(id.toString()), null, false, false, null);
      return series == 0 ? w.finish(null) : w.finish(t0, t0 + 2 * HOUR, compaction, null);
    }
  }
}
