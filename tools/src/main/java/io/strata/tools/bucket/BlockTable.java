package io.strata.tools.bucket;

import io.strata.block.BucketBlock;
import io.strata.promql.ast.Durations;
import io.strata.tsdb.block.BlockMeta;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders block metas as the aligned text table of {@code strata tools bucket inspect}. */
public final class BlockTable {
  static final String[] HEADER = {"ULID", "FROM", "UNTIL", "RANGE", "#SERIES", "#SAMPLES", "#CHUNKS", "COMP-LEVEL",
      "RESOLUTION", "SOURCE", "LABELS"};

  private BlockTable() {}

  public static void print(Collection<BucketBlock> blocks, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    List<BucketBlock> sorted = new ArrayList<>(blocks);
    // Like Thanos: grouped by labels and resolution, then by time.
    sorted.sort((a, b) -> {
      int c = labels(a.meta()).compareTo(labels(b.meta()));
      if (c != 0) {
        return c;
      }
      c = Long.compare(a.meta().resolution(), b.meta().resolution());
      return c != 0 ? c : Long.compare(a.meta().minTime(), b.meta().minTime());
    });
    for (BucketBlock b : sorted) {
      BlockMeta m = b.meta();
      rows.add(new String[] {
          m.ulid() + (b.markedForDeletion() ? "*" : ""),
          Instant.ofEpochMilli(m.minTime()).toString(),
          Instant.ofEpochMilli(m.maxTime()).toString(),
          Durations.format(m.maxTime() - m.minTime()),
          Long.toString(m.stats().numSeries()),
          Long.toString(m.stats().numSamples()),
          Long.toString(m.stats().numChunks()),
          Integer.toString(m.compaction().level()),
          m.resolution() == 0 ? "0s" : Durations.format(m.resolution()),
          m.thanos() == null || m.thanos().source() == null ? "" : m.thanos().source(),
          labels(m)});
    }
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        line.append(r[i]);
        if (i < r.length - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 2));
        }
      }
      out.println(line);
    }
    if (blocks.stream().anyMatch(BucketBlock::markedForDeletion)) {
      out.println("* marked for deletion");
    }
    out.flush();
  }

  static String labels(BlockMeta m) {
    Map<String, String> sorted = new TreeMap<>(m.externalLabels());
    StringBuilder b = new StringBuilder();
    sorted.forEach((k, v) -> b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
    return b.toString();
  }
}
