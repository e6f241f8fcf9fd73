package io.strata.tsdb.querier;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.tsdb.block.BlockReader;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.index.ChunkMetaList;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.PostingsForMatchers;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The series of one block that match the matchers and have a chunk overlapping the closed range
 * {@code [minTime, maxTime]}, read lazily one series at a time.
 */
public final class BlockChunkSeriesSet implements ChunkSeriesSet {
  private final BlockReader block;
  private final Postings postings;
  private final long minTime;
  private final long maxTime;
  private final boolean skipChunks;
  private final SeriesEntry entry = new SeriesEntry();
  private final List<Chunk> chunks = new ArrayList<>();
  private List<Tombstones.Interval> deleted = List.of();

  public BlockChunkSeriesSet(BlockReader block, List<LabelMatcher> matchers, long minTime, long maxTime,
      boolean skipChunks) throws IOException {
    this.block = block;
    this.minTime = minTime;
    this.maxTime = maxTime;
    this.skipChunks = skipChunks;
    this.postings = block.meta().overlaps(minTime, maxTime)
        ? PostingsForMatchers.select(block.index(), matchers) : Postings.EMPTY;
  }

  @Override
  public boolean next() throws IOException {
    while (postings.next()) {
      long ref = postings.at();
      block.index().series(ref, entry);
      chunks.clear();
      ChunkMetaList metas = entry.chunks();
      boolean any = false;
      for (int i = 0; i < metas.size(); i++) {
        long cMin = metas.minTime(i);
        long cMax = metas.maxTime(i);
        if (cMin <= maxTime && minTime <= cMax) {
          any = true;
          if (!skipChunks) {
            chunks.add(block.chunks().chunk(metas.ref(i), cMin, cMax));
          }
        }
      }
      if (!any) {
        continue;
      }
      deleted = block.tombstones().intervals(ref);
      return true;
    }
    return false;
  }

  @Override
  public Labels labels() {
    return entry.labels();
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
