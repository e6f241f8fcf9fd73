package io.strata.store.bucket;

import io.strata.proto.thanos.Aggr;
import io.strata.proto.thanos.AggrChunk;
import io.strata.store.bucket.BucketStoreMetrics.DataType;
import io.strata.tsdb.chunks.ChunkRef;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the chunks of a batch of series of one block. Chunk refs are sorted, grouped by segment file and read with
 * merged ranged GETs; each chunk's range is {@code [offset, offset + estimated max chunk size)} (the block's
 * {@code index_stats.chunk_max_size} when meta.json has it, else Thanos's constant 16,000 bytes), and a longer
 * chunk is read again.
 * Before anything is read the request is charged 120 samples per chunk against its samples limit.
 */
final class ChunkLoader {
  private final StoreBlock block;
  private final QueryContext ctx;
  private final List<Aggr> aggregates;

  ChunkLoader(StoreBlock block, QueryContext ctx, List<Aggr> aggregates) {
    this.block = block;
    this.ctx = ctx;
    this.aggregates = aggregates;
  }

  void load(List<BlockSeries> batch) throws IOException {
    int total = 0;
    for (BlockSeries s : batch) {
      total += s.chunkCount();
    }
    ctx.limits.reserveChunks(total, "loading chunks of block " + block.id);
    long[] refs = new long[total];
    int n = 0;
    for (BlockSeries s : batch) {
      for (int i = 0; i < s.chunkCount(); i++) {
        refs[n++] = s.ref(i);
      }
    }
    Arrays.sort(refs);
    int unique = 0;
    for (int i = 0; i < n; i++) {
      if (unique == 0 || refs[i] != refs[unique - 1]) {
        refs[unique++] = refs[i];
      }
    }
    byte[][] records = new byte[unique][];
    long[] starts = new long[unique];
    long[] ends = new long[unique];
    int from = 0;
    while (from < unique) {
      int segment = ChunkRef.segment(refs[from]);
      int to = from;
      while (to < unique && ChunkRef.segment(refs[to]) == segment) {
        to++;
      }
      if (segment < 0 || segment >= block.segmentCount) {
        throw new CorruptBlockException(block.bucket.name() + "/" + block.chunkObject(Math.max(0, segment)), -1,
            "chunk reference " + ChunkRef.toString(refs[from]) + " points to a segment file the block does not have ("
                + block.segmentCount + " segment files)");
      }
      int k = 0;
      for (int i = from; i < to; i++, k++) {
        starts[k] = ChunkRef.offset(refs[i]);
        ends[k] = starts[k] + block.estimatedMaxChunkSize;
      }
      new RangeFetcher(ctx, block.bucket, block.chunkObject(segment), RangeFetcher.Format.CHUNK, DataType.CHUNKS,
          "chunks of block " + block.id).fetch(starts, ends, to - from, records, from);
      from = to;
    }
    String where = block.bucket.name() + "/" + block.id + "/chunks";
    for (BlockSeries s : batch) {
      AggrChunk[] out = new AggrChunk[s.chunkCount()];
      for (int i = 0; i < out.length; i++) {
        int at = Arrays.binarySearch(refs, 0, unique, s.ref(i));
        byte[] rec = records[at];
        int p = 0;
        int len = 0;
        int shift = 0;
        while (true) {
          int x = rec[p++] & 0xFF;
          len |= (x & 0x7F) << shift;
          if (x < 0x80) {
            break;
          }
          shift += 7;
        }
        out[i] = AggrChunks.toProto(s.minTime(i), s.maxTime(i), rec[p] & 0xFF, rec, p + 1, len, aggregates,
            where + " " + ChunkRef.toString(s.ref(i)));
      }
      s.chunks = out;
    }
  }
}
