package io.strata.tools.openmetrics;

import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.ChunkCutter;
import io.strata.tsdb.chunks.ChunkSegments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Creates blocks from an OpenMetrics file, like {@code promtool tsdb create-blocks-from openmetrics}:
 * one block per {@code blockDuration}-aligned window that has samples, each block spanning its first
 * to last sample, chunks cut as Prometheus's head cuts them with a chunk range of twice the block
 * duration (promtool's setting).
 *
 * <p>Unlike promtool, which re-parses the whole file once per window, the file is parsed once; each
 * window's series keep their samples as compressed chunks until the end of input. Blocks are written
 * only after the whole file parsed cleanly, so a syntax error leaves no block behind. Out-of-order
 * samples and conflicting duplicates of a series within a window are errors (as in promtool);
 * identical duplicates are ignored.
 */
public final class OpenMetricsImporter {
  public static final long DEFAULT_BLOCK_DURATION = 2 * 3600_000L;

  private final long blockDuration;

  /** Result of an import: the blocks written, in time order, and what they hold. */
  public record Result(List<BlockMeta> blocks, long samples, long series) {}

  public OpenMetricsImporter(long blockDuration) {
    if (blockDuration <= 0) {
      throw new IllegalArgumentException("block duration must be positive");
    }
    this.blockDuration = blockDuration;
  }

  public Result importFile(Path input, Path outputDir) throws IOException {
    try (InputStream in = Files.newInputStream(input)) {
      return importStream(input.toString(), in, outputDir);
    }
  }

  public Result importStream(String name, InputStream in, Path outputDir) throws IOException {
    OpenMetricsParser p = new OpenMetricsParser(name, in);
    SeriesKeyTable keys = new SeriesKeyTable();
    Map<Labels, Integer> idsByLabels = new HashMap<>();
    List<Labels> labelsById = new ArrayList<>();
    TreeMap<Long, Map<Integer, ChunkCutter>> windows = new TreeMap<>();
    // Samples of a series usually arrive in time order, so the last (series, window) cutter is cached.
    int lastId = -1;
    long lastWindow = Long.MIN_VALUE;
    ChunkCutter lastCutter = null;
    long samples = 0;

    OpenMetricsParser.Entry e;
    while ((e = p.next()) != OpenMetricsParser.Entry.EOF) {
      if (e != OpenMetricsParser.Entry.SERIES) {
        continue;
      }
      byte[] b = p.seriesBytes();
      int id = keys.get(b, p.seriesStart(), p.seriesEnd());
      if (id < 0) {
        Labels labels = p.labels();
        Integer known = idsByLabels.get(labels);
        if (known == null) {
          known = labelsById.size();
          labelsById.add(labels);
          idsByLabels.put(labels, known);
        }
        id = known;
        keys.put(b, p.seriesStart(), p.seriesEnd(), id);
      }
      if (!p.hasTimestamp()) {
        throw new OpenMetricsSyntaxException(name, p.line(), 0,
            "expected timestamp for series " + labelsById.get(id) + ", got none");
      }
      long t = p.timestamp();
      long window = Math.floorDiv(t, blockDuration) * blockDuration;
      ChunkCutter cutter;
      if (id == lastId && window == lastWindow) {
        cutter = lastCutter;
      } else {
        cutter = windows.computeIfAbsent(window, w -> new HashMap<>())
            .computeIfAbsent(id, k -> new ChunkCutter(2 * blockDuration));
        lastId = id;
        lastWindow = window;
        lastCutter = cutter;
      }
      switch (cutter.append(t, p.value())) {
        case APPENDED -> samples++;
        case DUPLICATE -> { }
        case DUPLICATE_DIFFERENT_VALUE -> throw new OpenMetricsSyntaxException(name, p.line(), 0,
            "duplicate sample for timestamp " + t + " with a different value in series " + labelsById.get(id));
        case OUT_OF_ORDER -> throw new OpenMetricsSyntaxException(name, p.line(), 0,
            "out of order sample: timestamp " + t + " is before " + cutter.lastTimestamp() + " in series "
                + labelsById.get(id));
      }
    }

    Files.createDirectories(outputDir);
    List<BlockMeta> blocks = new ArrayList<>();
    while (!windows.isEmpty()) {
      Map.Entry<Long, Map<Integer, ChunkCutter>> w = windows.pollFirstEntry();
      blocks.add(writeBlock(outputDir, w.getValue(), labelsById));
    }
    return new Result(blocks, samples, labelsById.size());
  }

  private BlockMeta writeBlock(Path outputDir, Map<Integer, ChunkCutter> series, List<Labels> labelsById)
      throws IOException {
    Integer[] ids = series.keySet().toArray(new Integer[0]);
    java.util.Arrays.sort(ids, (a, b) -> labelsById.get(a).compareTo(labelsById.get(b)));
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    for (int id : ids) {
      labelsById.get(id).forEach((n, v) -> {
        symbols.add(n);
        symbols.add(v);
      });
    }
    try (BlockWriter w = new BlockWriter(outputDir, Ulid.generate(System.currentTimeMillis()),
        ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(symbols.iterator());
      for (int id : ids) {
        w.addSeries(labelsById.get(id), series.get(id).finish());
      }
      return w.finish(null);
    }
  }
}
