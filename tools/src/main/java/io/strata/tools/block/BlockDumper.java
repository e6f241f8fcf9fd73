package io.strata.tools.block;

import io.strata.model.GoFloat;
import io.strata.model.LabelMatcher;
import io.strata.tsdb.block.LocalBlock;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.querier.BlockChunkSeriesSet;
import io.strata.tsdb.querier.ChunkSeriesSet;
import io.strata.tsdb.querier.MergedChunkSeriesSet;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints every sample of the selected series, one line each, in the format of
 * {@code promtool tsdb dump}: {@code {labels} value timestamp} with Go's {@code %g} for the value.
 * Series come in label order; a series present in several blocks is merged into one, its samples in
 * time order (Prometheus's querier does the same over a data directory).
 */
public final class BlockDumper {
  private BlockDumper() {}

  /**
   * Dumps the blocks in {@code path} (a block directory, or a data directory holding blocks).
   *
   * @return the number of samples written
   */
  public static long dump(Path path, long minTime, long maxTime, List<LabelMatcher> matchers, Writer out)
      throws IOException {
    List<LocalBlock> blocks = new ArrayList<>();
    try {
      for (Path dir : LocalBlock.blockDirs(path)) {
        blocks.add(LocalBlock.open(dir));
      }
      List<ChunkSeriesSet> sets = new ArrayList<>();
      for (LocalBlock b : blocks) {
        sets.add(new BlockChunkSeriesSet(b, matchers, minTime, maxTime, false));
      }
      ChunkSeriesSet set = MergedChunkSeriesSet.of(sets);
      SeriesSampleIterator it = new SeriesSampleIterator(minTime, maxTime);
      StringBuilder line = new StringBuilder(256);
      long n = 0;
      while (set.next()) {
        String labels = set.labels().toString();
        it.reset(set.chunks(), set.deleted());
        while (it.next() == ValueType.FLOAT) {
          line.setLength(0);
          line.append(labels).append(' ').append(GoFloat.formatG(it.atValue())).append(' ').append(it.atT())
              .append('\n');
          out.append(line);
          n++;
        }
      }
      out.flush();
      return n;
    } finally {
      for (LocalBlock b : blocks) {
        b.close();
      }
    }
  }
}
