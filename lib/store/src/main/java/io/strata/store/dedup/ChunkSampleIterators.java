package io.strata.store.dedup;

import io.strata.proto.thanos.AggrChunk;
import io.strata.store.ProtoConversions;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample iterators over StoreAPI chunks. Stores send whole chunks, which may start before or end after
 * the queried range; the iterator clips to {@code [mint, maxt]} so the engine never sees samples it did
 * not ask for. Chunks are decoded lazily, one at a time, with one reused XOR decoder; overlapping chunks
 * are merged by timestamp (equal timestamps once).
 */
public final class ChunkSampleIterators {
  private ChunkSampleIterators() {}

  /**
   * @param chunks raw XOR chunks sorted by min time
   * @throws io.strata.store.StoreException INTERNAL for a chunk without raw XOR data (e.g. downsampled)
   */
  public static SampleIterator of(List<AggrChunk> chunks, long mint, long maxt) {
    List<Chunk> tsdb = new ArrayList<>(chunks.size());
    for (AggrChunk c : chunks) {
      if (c.getMaxTime() >= mint && c.getMinTime() <= maxt) {
        tsdb.add(ProtoConversions.toTsdbChunk(c));
      }
    }
    return new SeriesSampleIterator(mint, maxt).reset(tsdb, List.of());
  }
}
