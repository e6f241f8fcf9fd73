package io.strata.store.bucket;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.Aggr;
import io.strata.store.ExternalLabels;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The matching series of one block for one request, produced in batches in served label order:
 * <ol>
 *   <li>on the first batch, the matchers (without those the block's external labels satisfy) are resolved to
 *       series refs with one round of postings reads; the request is charged that many series;
 *   <li>each batch reads up to {@code seriesBatchSize} series entries (one round of merged ranged GETs), keeps the
 *       series with a chunk in the time range, adds external labels and restores label order
 *       ({@link ExternalLabelOrder});
 *   <li>unless chunks are skipped, the batch's chunks are loaded ({@link ChunkLoader}).
 * </ol>
 * In a Series call the stream owns a reference on its block and returns it on {@link #close()}; label queries
 * return their block references themselves and do not close their streams. Not thread-safe; {@link SeriesMerger}
 * calls it from one task at a time.
 */
final class BlockSeriesStream implements AutoCloseable {
  /**
   * What a request asks of every block.
   *
   * @param without labels removed from served series ({@code without_replica_labels}), which then sort and merge
   *     as if they never existed
   */
  record Selection(long minTime, long maxTime, boolean skipChunks, List<Aggr> aggregates, Set<String> without) {}

  final StoreBlock block;
  private final List<LabelMatcher> matchers;
  private final Selection selection;
  private final QueryContext ctx;
  private final boolean keepOrder;
  private final Set<String> without;
  private final SeriesEntry entry = new SeriesEntry();
  private final AtomicBoolean closed = new AtomicBoolean();
  private BlockIndexReader index;
  private ChunkLoader chunks;
  private ExternalLabelOrder order;
  private long[] refs;
  private int pos;
  private boolean finished;

  /**
   * Nothing is read until the first {@link #expandPostings} or {@link #nextBatch}, which run on the request's
   * executor (opening a lazy index-header included).
   *
   * @param block an acquired block, released by {@link #close()}
   * @param keepOrder whether the served order matters (Series) or not (label queries)
   */
  BlockSeriesStream(StoreBlock block, List<LabelMatcher> matchers, Selection selection, QueryContext ctx,
      boolean keepOrder) {
    this.block = block;
    this.matchers = matchers;
    this.selection = selection;
    this.ctx = ctx;
    this.keepOrder = keepOrder;
    this.without = selection.without();
  }

  private void init() throws IOException {
    IndexHeaderReader header = block.header();
    index = new BlockIndexReader(block, header, ctx);
    chunks = new ChunkLoader(block, ctx, selection.aggregates());
    if (!keepOrder) {
      order = new ExternalLabelOrder(Labels.EMPTY, false);
      return;
    }
    boolean withoutInIndex = false;
    for (String name : without) {
      withoutInIndex |= header.hasLabel(name);
    }
    order = new ExternalLabelOrder(block.externalLabels.without(without),
        block.externalLabelsInIndex() || withoutInIndex);
  }

  /** Resolves the matchers to series refs and charges them to the request's series limit; idempotent. */
  void expandPostings() throws IOException {
    if (index == null) {
      init();
    }
    if (refs == null) {
      long[] r = index.expandPostings(matchers);
      ctx.limits.reserveSeries(r.length, "expanding postings of block " + block.id);
      refs = r;
    }
  }

  /** The next non-empty batch, or null when the block has no more matching series. */
  List<BlockSeries> nextBatch() throws IOException {
    expandPostings();
    int batchSize = ctx.seriesBatchSize;
    while (true) {
      if (order.readyCount() > 0) {
        return loaded(order.drain(batchSize));
      }
      if (finished) {
        return null;
      }
      if (pos >= refs.length) {
        order.finish();
        finished = true;
        continue;
      }
      int to = Math.min(pos + batchSize, refs.length);
      byte[][] entries = index.loadSeries(refs, pos, to);
      for (int i = 0; i < entries.length; i++) {
        index.decodeSeries(refs[pos + i], entries[i], entry);
        long[] metas = BlockSeries.metasIn(entry.chunks(), selection.minTime(), selection.maxTime());
        if (metas == null) {
          continue;
        }
        Labels stored = entry.labels();
        Labels served = served(stored);
        order.add(new BlockSeries(stored, served, metas));
      }
      pos = to;
      if (pos >= refs.length) {
        // Release what the order repair holds now, so the block's last series load with this batch.
        order.finish();
        finished = true;
      }
    }
  }

  /** Stored labels with the external labels set over them (external values win, as in Thanos), minus {@code without}. */
  private Labels served(Labels stored) {
    return ExternalLabels.attach(stored, block.externalLabels, without);
  }

  private List<BlockSeries> loaded(List<BlockSeries> batch) throws IOException {
    if (!selection.skipChunks()) {
      chunks.load(batch);
    }
    return batch;
  }

  /** Releases the block; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      block.release();
    }
  }
}
