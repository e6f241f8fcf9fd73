package io.strata.tsdb.querier;

import io.strata.model.Labels;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import java.io.IOException;
import java.util.List;

/**
 * A pull-based sequence of series in ascending label order, each with its chunks in time order.
 * {@code labels()}, {@code chunks()} and {@code deleted()} describe the current series and stay valid
 * until the next call to {@link #next()}. Not thread-safe.
 */
public interface ChunkSeriesSet {
  boolean next() throws IOException;

  Labels labels();

  /** Chunks overlapping the selected time range, sorted by min time; they may overlap each other. */
  List<Chunk> chunks();

  /** Deleted (tombstoned) intervals of the current series; samples inside them must be skipped. */
  List<Tombstones.Interval> deleted();

  ChunkSeriesSet EMPTY = new ChunkSeriesSet() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public Labels labels() {
      throw new IllegalStateException("empty");
    }

    @Override
    public List<Chunk> chunks() {
      throw new IllegalStateException("empty");
    }

    @Override
    public List<Tombstones.Interval> deleted() {
      throw new IllegalStateException("empty");
    }
  };
}
