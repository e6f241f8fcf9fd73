package io.strata.store;

import io.strata.model.Labels;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.ChunkSeriesSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Builds StoreAPI series frames from TSDB series, and streams a {@link ChunkSeriesSet} as frames. */
public final class SeriesResponses {
  private SeriesResponses() {}

  /** A series frame; chunks are converted with {@link ProtoConversions#toAggrChunk}. */
  public static SeriesResponse series(Labels labels, List<Chunk> chunks) {
    Series.Builder s = Series.newBuilder().addAllLabels(ProtoConversions.toProto(labels));
    for (int i = 0; i < chunks.size(); i++) {
      s.addChunks(ProtoConversions.toAggrChunk(chunks.get(i)));
    }
    return SeriesResponse.newBuilder().setSeries(s).build();
  }

  public static SeriesResponse warning(String message) {
    return SeriesResponse.newBuilder().setWarning(message).build();
  }

  /**
   * Streams {@code set} lazily, one series per frame, reading the next series only when asked.
   *
   * @param skipChunks send labels only
   * @param limit stop after this many series; 0 for no limit
   * @param onClose releases what the set holds; runs once, on exhaustion, failure or close
   */
  public static CloseableIterator<SeriesResponse> stream(ChunkSeriesSet set, boolean skipChunks, long limit,
      Runnable onClose) {
    return new CloseableIterator<>() {
      private SeriesResponse next;
      private long sent;
      // Volatile and once-only: close may come from another thread to cancel (StoreApi#series).
      private final AtomicBoolean closed = new AtomicBoolean();
      private volatile boolean done;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        if (done) {
          return false;
        }
        try {
          if ((limit > 0 && sent >= limit) || !set.next()) {
            close();
            return false;
          }
          next = series(set.labels(), skipChunks ? List.of() : set.chunks());
          sent++;
          return true;
        } catch (IOException | UncheckedIOException e) {
          close();
          throw new StoreException(StoreException.Code.INTERNAL, e.getMessage(), e);
        } catch (RuntimeException e) {
          close();
          throw e instanceof StoreException se ? se
              : new StoreException(StoreException.Code.INTERNAL, "streaming series: " + e, e);
        }
      }

      @Override
      public SeriesResponse next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SeriesResponse r = next;
        next = null;
        return r;
      }

      @Override
      public void close() {
        done = true;
        next = null;
        if (closed.compareAndSet(false, true)) {
          onClose.run();
        }
      }
    };
  }
}
