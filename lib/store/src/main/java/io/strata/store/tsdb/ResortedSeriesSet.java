package io.strata.store.tsdb;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.store.ExternalLabels;
import io.strata.tsdb.block.BlockReader;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.PostingsForMatchers;
import io.strata.tsdb.index.SeriesEntry;
import io.strata.tsdb.querier.ChunkSeriesSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The series of one block whose served labels are not a constant addition to the stored ones: the block
 * stores a label that is also external (the external value replaces it) or one the request asks to drop
 * (a replica label kept inside the TSDB, as a receiver may). Then the order changes arbitrarily and
 * distinct stored series can even become one served series.
 *
 * <p>Thanos buffers whole series for this; here only the served labels and series references are held
 * (one pass over the matching index entries), sorted, and chunks are read lazily in the new order.
 * Series that end up with equal labels are served as one, their chunks combined in time order.
 */
final class ResortedSeriesSet implements ChunkSeriesSet {
  private final BlockReader block;
  private final long minTime;
  private final long maxTime;
  private final boolean skipChunks;
  private final Labels[] labels;
  private final long[] refs;
  private final Integer[] order;
  private final SeriesEntry entry = new SeriesEntry();
  private final List<Chunk> chunks = new ArrayList<>();
  private int pos;
  private Labels current;

  ResortedSeriesSet(BlockReader block, List<LabelMatcher> matchers, long minTime, long maxTime, boolean skipChunks,
      Labels external, Set<String> without) throws IOException {
    this.block = block;
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.skipChunks = skipChunks;
    List<Labels> ls = new ArrayList<>();
    long[] rs = new long[64];
    int n = 0;
    try {
      Postings p = PostingsForMatchers.select(block.index(), matchers);
      while (p.next()) {
        long ref = p.at();
        block.index().series(ref, entry);
        if (!anyChunkInRange(entry.chunks())) {
          continue;
        }
        if (n == rs.length) {
          rs = Arrays.copyOf(rs, n * 2);
        }
        rs[n++] = ref;
        ls.add(ExternalLabels.attach(entry.labels(), external, without));
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("selecting series of block " + block.meta().ulid() + ": " + e.getMessage(), e);
    }
    this.labels = ls.toArray(new Labels[0]);
    this.refs = rs;
    this.order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Stable: equal served labels keep reference order, i.e. their stored order.
    Arrays.sort(order, Comparator.comparing(i -> labels[i]));
  }

  private boolean anyChunkInRange(ChunkMetaList metas) {
    for (int i = 0; i < metas.size(); i++) {
      if (metas.minTime(i) <= maxTime && minTime <= metas.maxTime(i)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean next() throws IOException {
    while (pos < order.length) {
      current = labels[order[pos]];
      chunks.clear();
      int members = 0;
      while (pos < order.length && labels[order[pos]].equals(current)) {
        readChunks(refs[order[pos]]);
        pos++;
        members++;
      }
      if (members > 1) {
        chunks.sort(Comparator.comparingLong(Chunk::minTime));
      }
      if (skipChunks || !chunks.isEmpty()) {
        return true;
      }
    }
    current = null;
    return false;
  }

  private void readChunks(long ref) throws IOException {
    if (skipChunks) {
      return;
    }
    try {
      block.index().series(ref, entry);
      ChunkMetaList metas = entry.chunks();
      List<Chunk> own = new ArrayList<>(metas.size());
      for (int i = 0; i < metas.size(); i++) {
        long cMin = metas.minTime(i);
        long cMax = metas.maxTime(i);
        if (cMin <= maxTime && minTime <= cMax) {
          own.add(block.chunks().chunk(metas.ref(i), cMin, cMax));
        }
      }
      List<Tombstones.Interval> deleted = block.tombstones().intervals(ref);
      chunks.addAll(DeletedSamples.apply(own, deleted));
    } catch (IOException | RuntimeException e) {
      throw new IOException("reading series " + ref + " of block " + block.meta().ulid() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Labels labels() {
    return current;
  }

  @Override
  public List<Chunk> chunks() {
    return chunks;
  }

  @Override
  public List<Tombstones.Interval> deleted() {
    return List.of();
  }
}
