package io.strata.store;

import com.google.protobuf.ByteString;
import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges several label-sorted series streams (one per store) into one sorted stream, like Thanos's proxy
 * (loser tree + {@code responseDeduplicator}) and {@code storepb.MergeSeriesSets}:
 *
 * <ul>
 *   <li>Series with equal label sets — from different streams, or repeated in one stream (a Thanos store
 *       may split a long series over several frames) — become one series whose chunks are all of theirs,
 *       sorted by min time, then max time, then content; a chunk identical to the previous one (same min
 *       and max time, same encoded bytes in every part) is dropped, so replicated blocks cost nothing
 *       downstream.
 *   <li>Frames that are not series (warnings, hints) pass through as soon as they are read.
 *   <li>{@code batch} frames are unpacked into single series.
 * </ul>
 *
 * Labels compare as the streams send them; when a request lists {@code without_replica_labels} the streams
 * already come without those labels (see {@link StoreApi#series}), so replicas of a series meet here and
 * merge. Memory holds one series per stream. Not thread-safe; closing closes every input.
 */
public final class SeriesMerge implements CloseableIterator<SeriesResponse> {
  /**
   * Thanos's {@code AggrChunk.Compare} order: min time, max time, then the parts (raw, count, sum, min, max,
   * counter) by encoding and bytes; 0 exactly for duplicates. The hash field is ignored: one store may set
   * it and another not.
   */
  public static final Comparator<AggrChunk> CHUNK_ORDER = (a, b) -> {
    int c = Long.compare(a.getMinTime(), b.getMinTime());
    if (c != 0) {
      return c;
    }
    c = Long.compare(a.getMaxTime(), b.getMaxTime());
    if (c != 0) {
      return c;
    }
    c = comparePart(a.hasRaw() ? a.getRaw() : null, b.hasRaw() ? b.getRaw() : null);
    if (c == 0) {
      c = comparePart(a.hasCount() ? a.getCount() : null, b.hasCount() ? b.getCount() : null);
    }
    if (c == 0) {
      c = comparePart(a.hasSum() ? a.getSum() : null, b.hasSum() ? b.getSum() : null);
    }
    if (c == 0) {
      c = comparePart(a.hasMin() ? a.getMin() : null, b.hasMin() ? b.getMin() : null);
    }
    if (c == 0) {
      c = comparePart(a.hasMax() ? a.getMax() : null, b.hasMax() ? b.getMax() : null);
    }
    if (c == 0) {
      c = comparePart(a.hasCounter() ? a.getCounter() : null, b.hasCounter() ? b.getCounter() : null);
    }
    return c;
  };

  private static final Comparator<ByteString> BYTES = ByteString.unsignedLexicographicalComparator();

  private static int comparePart(Chunk a, Chunk b) {
    if (a == null || b == null) {
      return a == b ? 0 : a == null ? -1 : 1;
    }
    int c = Integer.compare(a.getTypeValue(), b.getTypeValue());
    return c != 0 ? c : BYTES.compare(a.getData(), b.getData());
  }

  /** One input stream and its current series. */
  private static final class Cursor {
    final CloseableIterator<SeriesResponse> in;
    final int index;
    final ArrayDeque<Series> unpacked = new ArrayDeque<>();
    Series series;
    Labels labels;

    Cursor(CloseableIterator<SeriesResponse> in, int index) {
      this.in = in;
      this.index = index;
    }
  }

  private final List<Cursor> cursors = new ArrayList<>();
  private final PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> {
    int c = a.labels.compareTo(b.labels);
    return c != 0 ? c : Integer.compare(a.index, b.index);
  });
  private final ArrayDeque<SeriesResponse> passThrough = new ArrayDeque<>();
  private final List<Cursor> equal = new ArrayList<>();
  private final List<AggrChunk> chunks = new ArrayList<>();
  private SeriesResponse next;
  private boolean started;
  private volatile boolean closed;

  public SeriesMerge(List<? extends CloseableIterator<SeriesResponse>> streams) {
    for (int i = 0; i < streams.size(); i++) {
      cursors.add(new Cursor(streams.get(i), i));
    }
  }

  /** Moves a cursor to its next series, queueing non-series frames; false when it is exhausted. */
  private boolean advance(Cursor c) {
    while (true) {
      if (!c.unpacked.isEmpty()) {
        c.series = c.unpacked.poll();
        c.labels = ProtoConversions.labels(c.series.getLabelsList());
        return true;
      }
      if (!c.in.hasNext()) {
        c.series = null;
        c.labels = null;
        return false;
      }
      SeriesResponse r = c.in.next();
      switch (r.getResultCase()) {
        case SERIES -> c.unpacked.add(r.getSeries());
        case BATCH -> c.unpacked.addAll(r.getBatch().getSeriesList());
        case RESULT_NOT_SET -> { }
        default -> passThrough.add(r);
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    if (!started) {
      started = true;
      for (Cursor c : cursors) {
        if (advance(c)) {
          heap.add(c);
        }
      }
    }
    if (!passThrough.isEmpty()) {
      next = passThrough.poll();
      return true;
    }
    if (heap.isEmpty()) {
      return false;
    }
    Cursor first = heap.poll();
    Series head = first.series;
    Labels labels = first.labels;
    equal.clear();
    equal.add(first);
    // Re-polling after each advance also catches a series repeated by the same stream.
    while (true) {
      Cursor c = equal.get(equal.size() - 1);
      if (advance(c)) {
        heap.add(c);
      }
      if (heap.isEmpty() || !heap.peek().labels.equals(labels)) {
        break;
      }
      Cursor same = heap.poll();
      equal.add(same);
      if (equal.size() == 2) {
        chunks.clear();
        chunks.addAll(head.getChunksList());
      }
      chunks.addAll(same.series.getChunksList());
    }
    next = SeriesResponse.newBuilder().setSeries(equal.size() == 1 ? head : merged(head)).build();
    return true;
  }

  private Series merged(Series head) {
    chunks.sort(CHUNK_ORDER);
    Series.Builder b = Series.newBuilder().addAllLabels(head.getLabelsList());
    AggrChunk prev = null;
    for (AggrChunk c : chunks) {
      if (prev == null || CHUNK_ORDER.compare(prev, c) != 0) {
        b.addChunks(c);
      }
      prev = c;
    }
    chunks.clear();
    return b.build();
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
    if (closed) {
      return;
    }
    closed = true;
    next = null;
    RuntimeException first = null;
    for (Cursor c : cursors) {
      try {
        c.in.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
