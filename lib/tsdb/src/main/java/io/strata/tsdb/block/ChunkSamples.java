package io.strata.tsdb.block;

import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunks.Chunk;

/** Sample counts of stored chunks, for block stats. */
final class ChunkSamples {
  private ChunkSamples() {}

  /**
   * Samples in a chunk: every Prometheus encoding starts with a big-endian 16-bit count; a Thanos
   * aggregate chunk counts the samples of its first (count) sub-chunk.
   */
  static long count(Chunk c) {
    byte[] d = c.data();
    if (c.encoding() == ChunkEncoding.THANOS_AGGR.code()) {
      // uvarint length, encoding byte, then the count sub-chunk's own 2-byte header.
      int len = 0;
      int shift = 0;
      int i = 0;
      while (i < d.length) {
        int b = d[i++] & 0xFF;
        len |= (b & 0x7F) << shift;
        if (b < 0x80) {
          break;
        }
        shift += 7;
      }
      if (len < 2 || i + 1 + 2 > d.length) {
        return 0;
      }
      return ((d[i + 1] & 0xFF) << 8) | (d[i + 2] & 0xFF);
    }
    return d.length < 2 ? 0 : ((d[0] & 0xFF) << 8) | (d[1] & 0xFF);
  }
}
