package io.strata.tsdb.querier;

import io.strata.model.Labels;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges label-sorted series sets (one per block) into one: series with equal labels become one
 * series whose chunks are all of theirs, sorted by min time.
 *
 * <p>Deleted intervals are per block; when several blocks contribute, a chunk from one block is not
 * covered by another block's tombstones, so the merged series carries the intervals only when a
 * single block contributes (Prometheus applies them per block before merging; blocks written by
 * Strata and promtool carry no tombstones).
 */
public final class MergedChunkSeriesSet implements ChunkSeriesSet {
  private final PriorityQueue<ChunkSeriesSet> heap =
      new PriorityQueue<>(Comparator.comparing(ChunkSeriesSet::labels));
  private final List<ChunkSeriesSet> pending;
  private final List<Chunk> chunks = new ArrayList<>();
  private Labels labels;
  private List<Tombstones.Interval> deleted = List.of();
  private boolean started;

  public MergedChunkSeriesSet(List<ChunkSeriesSet> sets) {
    this.pending = new ArrayList<>(sets);
  }

  public static ChunkSeriesSet of(List<ChunkSeriesSet> sets) {
    return sets.size() == 1 ? sets.get(0) : new MergedChunkSeriesSet(sets);
  }

  @Override
  public boolean next() throws IOException {
    if (!started) {
      started = true;
      for (ChunkSeriesSet s : pending) {
        if (s.next()) {
          heap.add(s);
        }
      }
      pending.clear();
    }
    if (heap.isEmpty()) {
      return false;
    }
    ChunkSeriesSet first = heap.poll();
    labels = first.labels();
    chunks.clear();
    chunks.addAll(first.chunks());
    deleted = first.deleted();
    List<ChunkSeriesSet> advance = new ArrayList<>();
    advance.add(first);
    while (!heap.isEmpty() && heap.peek().labels().equals(labels)) {
      ChunkSeriesSet s = heap.poll();
      chunks.addAll(s.chunks());
      deleted = List.of();
      advance.add(s);
    }
    if (advance.size() > 1) {
      chunks.sort(Comparator.comparingLong(Chunk::minTime));
    }
    for (ChunkSeriesSet s : advance) {
      if (s.next()) {
        heap.add(s);
      }
    }
    return true;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<Chunk> chunks() {
    return chunks;
  }

  @Override
  public List<Tombstones.Interval> deleted() {
    return deleted;
  }
}
