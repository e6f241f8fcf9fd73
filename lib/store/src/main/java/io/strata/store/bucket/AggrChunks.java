package io.strata.store.bucket;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.strata.proto.thanos.Aggr;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.util.List;

/**
 * Turns a stored chunk into the StoreAPI's {@code AggrChunk}. Raw chunks (XOR, histogram, float histogram) go in
 * {@code raw} whatever aggregates were asked for; a downsampled chunk (encoding 0xFF) is split into its five
 * sub-chunks (chunk-encodings.md §6.2: count, sum, min, max, counter, each {@code uvarint(len) | encoding | bytes}
 * or a single 0 byte when absent) and only the requested ones are returned, as Thanos's {@code populateChunk}
 * does. A requested aggregate the chunk does not have (min/max of a histogram series) is left unset.
 *
 * <p>Encodings are renumbered for the wire: the StoreAPI numbers XOR 0, the TSDB numbers it 1. Chunk bytes are
 * wrapped, not copied: the record array is owned by this request and never written again.
 */
final class AggrChunks {
  private AggrChunks() {}

  /**
   * @param record the whole segment record ({@code len | encoding | data | CRC})
   * @param dataOffset where {@code data} starts in {@code record}
   */
  static AggrChunk toProto(long minTime, long maxTime, int encoding, byte[] record, int dataOffset, int length,
      List<Aggr> aggregates, String where) throws CorruptBlockException {
    AggrChunk.Builder b = AggrChunk.newBuilder().setMinTime(minTime).setMaxTime(maxTime);
    if (encoding != ChunkEncoding.THANOS_AGGR.code()) {
      return b.setRaw(chunk(encoding, record, dataOffset, length, where)).build();
    }
    if (aggregates.isEmpty()) {
      return b.build();
    }
    int[] starts = new int[5];
    int[] lens = new int[5];
    int[] encs = new int[5];
    int p = dataOffset;
    int end = dataOffset + length;
    for (int k = 0; k < 5; k++) {
      long len = 0;
      int shift = 0;
      while (true) {
        if (p >= end || shift > 28) {
          throw new CorruptBlockException(where, -1, "downsampled chunk truncated in aggregate " + k);
        }
        int x = record[p++] & 0xFF;
        len |= (long) (x & 0x7F) << shift;
        if (x < 0x80) {
          break;
        }
        shift += 7;
      }
      if (len == 0) {
        encs[k] = -1;
        continue;
      }
      if (p + 1 + len > end) {
        throw new CorruptBlockException(where, -1, "downsampled chunk aggregate " + k + " of " + len
            + " bytes runs past the chunk");
      }
      encs[k] = record[p] & 0xFF;
      starts[k] = p + 1;
      lens[k] = (int) len;
      p += 1 + (int) len;
    }
    for (Aggr a : aggregates) {
      int k = switch (a) {
        case COUNT -> 0;
        case SUM -> 1;
        case MIN -> 2;
        case MAX -> 3;
        case COUNTER -> 4;
        default -> -1;
      };
      if (k < 0 || encs[k] < 0) {
        continue;
      }
      Chunk c = chunk(encs[k], record, starts[k], lens[k], where);
      switch (a) {
        case COUNT -> b.setCount(c);
        case SUM -> b.setSum(c);
        case MIN -> b.setMin(c);
        case MAX -> b.setMax(c);
        case COUNTER -> b.setCounter(c);
        default -> { }
      }
    }
    return b.build();
  }

  private static Chunk chunk(int encoding, byte[] record, int offset, int length, String where)
      throws CorruptBlockException {
    Chunk.Encoding e;
    if (encoding == ChunkEncoding.XOR.code()) {
      e = Chunk.Encoding.XOR;
    } else if (encoding == ChunkEncoding.HISTOGRAM.code()) {
      e = Chunk.Encoding.HISTOGRAM;
    } else if (encoding == ChunkEncoding.FLOAT_HISTOGRAM.code()) {
      e = Chunk.Encoding.FLOAT_HISTOGRAM;
    } else {
      ChunkEncoding known = ChunkEncoding.lookup(encoding);
      throw new CorruptBlockException(where, -1, "chunk encoding " + (known != null ? known : encoding)
          + " cannot be served over the StoreAPI (it has XOR, histogram and float histogram)");
    }
    ByteString data = UnsafeByteOperations.unsafeWrap(record, offset, length);
    return Chunk.newBuilder().setType(e).setData(data).build();
  }
}
