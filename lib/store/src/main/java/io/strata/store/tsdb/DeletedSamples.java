package io.strata.store.tsdb;

import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import io.strata.tsdb.chunks.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes tombstoned samples from a series' chunks before they leave the store, as Prometheus's chunk
 * querier does: a chunk touched by a deleted interval is re-encoded without the deleted samples (and
 * dropped if none remain); untouched chunks pass through as they are. The StoreAPI has no way to ship
 * deletions, so they must be applied here.
 */
final class DeletedSamples {
  private DeletedSamples() {}

  static List<Chunk> apply(List<Chunk> chunks, List<Tombstones.Interval> deleted) {
    if (deleted.isEmpty()) {
      return chunks;
    }
    List<Chunk> out = new ArrayList<>(chunks.size());
    XorChunkIterator it = new XorChunkIterator();
    XorChunkEncoder enc = new XorChunkEncoder();
    for (Chunk c : chunks) {
      if (!touches(c, deleted) || c.encoding() != ChunkEncoding.XOR.code()) {
        // Only XOR chunks can be rewritten; others are refused later by the StoreAPI conversion anyway.
        out.add(c);
        continue;
      }
      enc.reset();
      long min = 0;
      long max = 0;
      it.reset(c.data(), 0, c.data().length);
      while (it.next() != ValueType.NONE) {
        long t = it.atT();
        if (isDeleted(t, deleted)) {
          continue;
        }
        if (enc.numSamples() == 0) {
          min = t;
        }
        max = t;
        enc.appendBits(t, it.atValueBits());
      }
      if (enc.numSamples() > 0) {
        out.add(new Chunk(min, max, c.encoding(), enc.bytes()));
      }
    }
    return out;
  }

  private static boolean touches(Chunk c, List<Tombstones.Interval> deleted) {
    for (Tombstones.Interval i : deleted) {
      if (i.minTime() <= c.maxTime() && c.minTime() <= i.maxTime()) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDeleted(long t, List<Tombstones.Interval> deleted) {
    for (Tombstones.Interval i : deleted) {
      if (i.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
