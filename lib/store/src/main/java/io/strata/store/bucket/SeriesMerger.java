package io.strata.store.bucket;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Merges the series streams of several blocks into one stream of whole series in label order. Series with equal
 * labels from different blocks (the same stream over adjacent time ranges, or overlapping blocks) become one
 * series whose chunks are sorted by min time, with exact duplicates (same range, same bytes, as when a block and
 * its compacted copy are both loaded) dropped.
 *
 * <p>Blocks are read in parallel and ahead: each block fetches its next batch in the background while the current
 * one is consumed, so at most two batches per block are in memory, and a slow consumer stops the fetching rather
 * than filling memory.
 */
final class SeriesMerger implements AutoCloseable {
  /** A merged series. */
  record Merged(Labels labels, List<AggrChunk> chunks) {}

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private final List<Cursor> cursors = new ArrayList<>();
  private final PriorityQueue<Cursor> heap =
      new PriorityQueue<>((a, b) -> a.current().labels.compareTo(b.current().labels));
  private boolean started;

  /**
   * Starts reading: first every block's postings in parallel, then, once all are known (so a request over its
   * series limit fails before any series or chunk is read), every block's first batch.
   */
  SeriesMerger(List<BlockSeriesStream> streams, Executor executor) {
    List<CompletableFuture<Void>> expansions = new ArrayList<>(streams.size());
    for (BlockSeriesStream s : streams) {
      cursors.add(new Cursor(s, executor));
      expansions.add(CompletableFuture.runAsync(() -> {
        try {
          s.expandPostings();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, executor));
    }
    CompletableFuture<Void> expanded = CompletableFuture.allOf(expansions.toArray(new CompletableFuture[0]));
    for (Cursor c : cursors) {
      c.prefetch(expanded);
    }
  }

  /** The next merged series, or null at the end. */
  Merged next() throws IOException {
    if (!started) {
      started = true;
      for (Cursor c : cursors) {
        if (c.advance()) {
          heap.add(c);
        }
      }
    }
    Cursor top = heap.poll();
    if (top == null) {
      return null;
    }
    Labels labels = top.current().labels;
    List<AggrChunk> chunks = new ArrayList<>();
    take(top, chunks);
    int sources = 1;
    while (!heap.isEmpty() && heap.peek().current().labels.equals(labels)) {
      take(heap.poll(), chunks);
      sources++;
    }
    if (sources > 1 || !isSorted(chunks)) {
      chunks.sort((a, b) -> Long.compare(a.getMinTime(), b.getMinTime()));
      dropDuplicates(chunks);
    }
    return new Merged(labels, chunks);
  }

  private void take(Cursor c, List<AggrChunk> into) throws IOException {
    AggrChunk[] cs = c.current().chunks;
    if (cs != null) {
      into.addAll(List.of(cs));
    }
    if (c.advance()) {
      heap.add(c);
    }
  }

  private static boolean isSorted(List<AggrChunk> chunks) {
    for (int i = 1; i < chunks.size(); i++) {
      if (chunks.get(i - 1).getMinTime() > chunks.get(i).getMinTime()) {
        return false;
      }
    }
    return true;
  }

  /** Removes chunks equal to another with the same min time (chunks are sorted by min time). */
  private static void dropDuplicates(List<AggrChunk> chunks) {
    int out = 0;
    for (int i = 0; i < chunks.size(); i++) {
      AggrChunk c = chunks.get(i);
      boolean dup = false;
      for (int j = out - 1; j >= 0 && chunks.get(j).getMinTime() == c.getMinTime(); j--) {
        if (chunks.get(j).equals(c)) {
          dup = true;
          break;
        }
      }
      if (!dup) {
        chunks.set(out++, c);
      }
    }
    chunks.subList(out, chunks.size()).clear();
  }

  /** Stops prefetching and releases every block once its in-flight read (if any) finished. */
  @Override
  public void close() {
    for (Cursor c : cursors) {
      c.close();
    }
  }

  /**
   * A position in one block's stream, with the next batch being fetched in the background. The consumer thread
   * moves it; {@link #close()} may come from any thread: it cancels the wait and releases the block once the
   * fetch in flight (which cannot be interrupted halfway through a GET) has finished.
   */
  private static final class Cursor {
    private final BlockSeriesStream stream;
    private final Executor executor;
    private final Object lock = new Object();
    private List<BlockSeries> batch;
    private int i = -1;
    private boolean exhausted;
    /** Guarded by {@code lock}: the fetch task, and the copy of it the consumer waits on (cancelled on close). */
    private CompletableFuture<List<BlockSeries>> task;
    private CompletableFuture<List<BlockSeries>> view;
    private boolean closed;

    Cursor(BlockSeriesStream stream, Executor executor) {
      this.stream = stream;
      this.executor = executor;
    }

    /** Starts fetching the next batch once {@code after} completed (successfully, else fails like it). */
    void prefetch(CompletableFuture<Void> after) {
      synchronized (lock) {
        if (closed) {
          return;
        }
        task = after.thenApplyAsync(v -> {
          try {
            return stream.nextBatch();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, executor);
        view = task.copy();
      }
    }

    BlockSeries current() {
      return batch.get(i);
    }

    /** Moves to the next series; false when the block has no more. */
    boolean advance() throws IOException {
      if (exhausted) {
        return false;
      }
      if (batch != null && i + 1 < batch.size()) {
        i++;
        return true;
      }
      CompletableFuture<List<BlockSeries>> v;
      synchronized (lock) {
        if (closed) {
          throw new CancellationException("series stream of block " + stream.block.id + " closed");
        }
        v = view;
      }
      List<BlockSeries> b = RangeFetcher.join(v);
      if (b == null) {
        exhausted = true;
        batch = null;
        stream.close();
        return false;
      }
      batch = b;
      i = 0;
      prefetch(DONE);
      return true;
    }

    void close() {
      CompletableFuture<List<BlockSeries>> t;
      CompletableFuture<List<BlockSeries>> v;
      synchronized (lock) {
        if (closed) {
          return;
        }
        closed = true;
        t = task;
        v = view;
        task = null;
        view = null;
      }
      if (v != null) {
        v.cancel(false);
      }
      if (t != null && !t.isDone()) {
        t.whenComplete((r, e) -> stream.close());
      } else {
        stream.close();
      }
    }
  }
}
