package io.strata.tsdb.querier;

import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.CorruptChunkException;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import io.strata.tsdb.chunks.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Iterates the float samples of one series across its chunks, restricted to the closed range
 * {@code [minTime, maxTime]} and skipping deleted intervals.
 *
 * <p>Chunks of one block never overlap, so the common case walks them one after another with a single
 * reused decoder. Chunks from overlapping blocks are merged by timestamp; on equal timestamps the
 * sample is emitted once (Prometheus's chain-merge behaviour).
 */
public final class SeriesSampleIterator implements SampleIterator {
  private final long minTime;
  private final long maxTime;
  private List<Chunk> chunks = List.of();
  private List<Tombstones.Interval> deleted = List.of();
  private int chunk;
  private final XorChunkIterator it = new XorChunkIterator();
  private boolean overlapping;
  private final List<XorChunkIterator> merging = new ArrayList<>();
  private long t;
  private double v;
  private boolean exhausted;
  private boolean positioned;

  public SeriesSampleIterator(long minTime, long maxTime) {
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  /** Repositions the iterator on another series. */
  public SeriesSampleIterator reset(List<Chunk> chunks, List<Tombstones.Interval> deleted) {
    this.chunks = chunks;
    this.deleted = deleted;
    this.chunk = -1;
    this.exhausted = false;
    this.positioned = false;
    this.overlapping = false;
    for (int i = 1; i < chunks.size(); i++) {
      if (chunks.get(i).minTime() <= chunks.get(i - 1).maxTime()) {
        overlapping = true;
        break;
      }
    }
    merging.clear();
    if (overlapping) {
      for (Chunk c : chunks) {
        checkXor(c);
        XorChunkIterator ci = new XorChunkIterator().reset(c.data(), 0, c.data().length);
        if (ci.seek(minTime) != ValueType.NONE) {
          merging.add(ci);
        }
      }
    }
    return this;
  }

  private static void checkXor(Chunk c) {
    if (c.encoding() != ChunkEncoding.XOR.code()) {
      throw new CorruptChunkException("unsupported chunk encoding " + c.encoding() + " (only XOR float chunks)", 0);
    }
  }

  @Override
  public ValueType next() {
    return advance(Long.MIN_VALUE);
  }

  @Override
  public ValueType seek(long target) {
    if (positioned && t >= target) {
      return ValueType.FLOAT;
    }
    return advance(target);
  }

  /** Moves to the next visible sample with timestamp {@code >= target}. */
  private ValueType advance(long target) {
    positioned = false;
    long from = Math.max(target, minTime);
    while (!exhausted) {
      if (!(overlapping ? nextMerged() : nextSequential(from))) {
        exhausted = true;
        break;
      }
      if (t > maxTime) {
        exhausted = true;
        break;
      }
      if (t >= from && !isDeleted(t)) {
        positioned = true;
        return ValueType.FLOAT;
      }
    }
    return ValueType.NONE;
  }

  /** Next sample of the current chunk, moving on to later chunks and skipping those ending before {@code from}. */
  private boolean nextSequential(long from) {
    while (true) {
      if (chunk >= 0 && chunks.get(chunk).maxTime() >= from && it.next() != ValueType.NONE) {
        t = it.atT();
        v = it.atValue();
        return true;
      }
      do {
        chunk++;
      } while (chunk < chunks.size() && chunks.get(chunk).maxTime() < from);
      if (chunk >= chunks.size()) {
        return false;
      }
      Chunk c = chunks.get(chunk);
      checkXor(c);
      it.reset(c.data(), 0, c.data().length);
    }
  }

  private boolean nextMerged() {
    if (chunk < 0) {
      chunk = 0;
    } else {
      // Advance every iterator positioned on the last emitted timestamp.
      for (int i = merging.size() - 1; i >= 0; i--) {
        XorChunkIterator ci = merging.get(i);
        if (ci.atT() == t && ci.next() == ValueType.NONE) {
          merging.remove(i);
        }
      }
    }
    if (merging.isEmpty()) {
      return false;
    }
    XorChunkIterator min = merging.get(0);
    for (XorChunkIterator ci : merging) {
      if (ci.atT() < min.atT()) {
        min = ci;
      }
    }
    t = min.atT();
    v = min.atValue();
    return true;
  }

  private boolean isDeleted(long ts) {
    for (Tombstones.Interval i : deleted) {
      if (i.contains(ts)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atValue() {
    return v;
  }
}
