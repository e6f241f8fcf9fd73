package io.strata.promql.storage;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.tsdb.block.BlockReader;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.querier.BlockChunkSeriesSet;
import io.strata.tsdb.querier.ChunkSeriesSet;
import io.strata.tsdb.querier.LabelQueries;
import io.strata.tsdb.querier.MergedChunkSeriesSet;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link Queryable} over TSDB blocks read with {@code lib/tsdb}: series of all blocks merged by label set,
 * samples restricted to the querier's time range and read through {@link SeriesSampleIterator}. The blocks
 * stay owned by the caller.
 */
public final class BlockQueryable implements Queryable {
  private final List<? extends BlockReader> blocks;

  public BlockQueryable(List<? extends BlockReader> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers) {
        List<ChunkSeriesSet> sets = new ArrayList<>(blocks.size());
        try {
          for (BlockReader b : blocks) {
            sets.add(new BlockChunkSeriesSet(b, List.of(matchers), minTime, maxTime, false));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("selecting series " + List.of(matchers) + " from blocks", e);
        }
        ChunkSeriesSet merged = MergedChunkSeriesSet.of(sets);
        return new SeriesSet() {
          private final StorageSeries current = new StorageSeries() {
            @Override
            public Labels labels() {
              return merged.labels();
            }

            @Override
            public SampleIterator iterator(SampleIterator reuse) {
              SeriesSampleIterator it = reuse instanceof BoundedIterator b && b.owner == this
                  ? b.it : new SeriesSampleIterator(minTime, maxTime);
              it.reset(merged.chunks(), merged.deleted());
              return reuse instanceof BoundedIterator b && b.owner == this ? b : new BoundedIterator(this, it);
            }
          };

          @Override
          public boolean next() {
            try {
              return merged.next();
            } catch (IOException e) {
              throw new UncheckedIOException("reading series from blocks", e);
            }
          }

          @Override
          public StorageSeries at() {
            return current;
          }
        };
      }

      @Override
      public List<String> labelValues(String name, LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        try {
          for (BlockReader b : blocks) {
            if (b.meta().overlaps(minTime, maxTime)) {
              out.addAll(LabelQueries.labelValues(b.index(), name, List.of(matchers)));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading label values of " + name, e);
        }
        return new ArrayList<>(out);
      }

      @Override
      public List<String> labelNames(LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        try {
          for (BlockReader b : blocks) {
            if (b.meta().overlaps(minTime, maxTime)) {
              out.addAll(LabelQueries.labelNames(b.index(), List.of(matchers)));
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading label names", e);
        }
        return new ArrayList<>(out);
      }

      @Override
      public void close() {}
    };
  }

  /** A reusable iterator bound to one series set (its time range), delegating to the TSDB iterator. */
  private static final class BoundedIterator implements SampleIterator {
    final Object owner;
    final SeriesSampleIterator it;

    BoundedIterator(Object owner, SeriesSampleIterator it) {
      this.owner = owner;
      this.it = it;
    }

    @Override
    public io.strata.tsdb.chunkenc.ValueType next() {
      return it.next();
    }

    @Override
    public io.strata.tsdb.chunkenc.ValueType seek(long t) {
      return it.seek(t);
    }

    @Override
    public long atT() {
      return it.atT();
    }

    @Override
    public double atValue() {
      return it.atValue();
    }
  }
}
