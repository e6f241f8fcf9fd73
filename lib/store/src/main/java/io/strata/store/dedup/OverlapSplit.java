package io.strata.store.dedup;

import io.strata.proto.thanos.AggrChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the chunks of one series into non-overlapping runs, Thanos's {@code NewOverlapSplit}: a store that
 * drops replica labels sends replicas of a series as one series whose chunks overlap, and dedup needs them
 * apart again. Chunks (sorted by min time) are dealt out in order: each goes to the first run whose last
 * chunk ends before it starts, or opens a new run — a "fake replica". Runs are not the original replicas
 * (a run may take chunks of several), but within a run chunks are disjoint and in order, which is all the
 * sample-level dedup needs.
 */
public final class OverlapSplit {
  private OverlapSplit() {}

  /** The runs; a single run (the input itself) when nothing overlaps, one empty run for no chunks. */
  public static List<List<AggrChunk>> split(List<AggrChunk> chunks) {
    List<List<AggrChunk>> runs = new ArrayList<>(2);
    if (chunks.isEmpty()) {
      runs.add(List.of());
      return runs;
    }
    boolean overlaps = false;
    for (int i = 1; i < chunks.size() && !overlaps; i++) {
      overlaps = chunks.get(i).getMinTime() <= chunks.get(i - 1).getMaxTime();
    }
    if (!overlaps) {
      runs.add(chunks);
      return runs;
    }
    runs.add(new ArrayList<>());
    runs.get(0).add(chunks.get(0));
    outer:
    for (int i = 1; i < chunks.size(); i++) {
      AggrChunk c = chunks.get(i);
      for (List<AggrChunk> run : runs) {
        if (run.isEmpty() || run.get(run.size() - 1).getMaxTime() < c.getMinTime()) {
          run.add(c);
          continue outer;
        }
      }
      List<AggrChunk> fresh = new ArrayList<>();
      fresh.add(c);
      runs.add(fresh);
    }
    return runs;
  }
}
