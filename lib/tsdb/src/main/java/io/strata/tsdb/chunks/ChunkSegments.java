package io.strata.tsdb.chunks;

import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.DecodeBuffer;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Constants and record codec of the chunk segment format, shared by the writer and the readers. */
public final class ChunkSegments {
  public static final int MAGIC = 0x85BD40DD;
  public static final int FORMAT_VERSION = 1;
  public static final int HEADER_SIZE = 8;
  /** Prometheus's default maximum segment size. */
  public static final long DEFAULT_SEGMENT_SIZE = 512L * 1024 * 1024;
  /** Upper bound of a record's framing: 5-byte length varint, encoding byte, CRC32C. */
  public static final int MAX_RECORD_OVERHEAD = 5 + 1 + 4;

  private ChunkSegments() {}

  /** File name of the segment with the given 0-based index: {@code 000001} for 0. */
  public static String fileName(int segmentIndex) {
    return String.format("%06d", segmentIndex + 1);
  }

  /** Checks the 8-byte segment header. */
  public static void checkHeader(String file, ByteBuffer header) throws CorruptBlockException {
    if (header.remaining() < HEADER_SIZE) {
      throw new CorruptBlockException(file, 0, "segment file shorter than its 8-byte header");
    }
    int magic = header.getInt(0);
    if (magic != MAGIC) {
      throw new CorruptBlockException(file, 0,
          String.format("wrong magic %08x, want %08x (not a chunk segment file)", magic, MAGIC));
    }
    int version = header.get(4);
    if (version != FORMAT_VERSION) {
      throw new CorruptBlockException(file, 4, "unsupported chunk segment version " + version);
    }
  }

  /**
   * Decodes one record from {@code d} (positioned at the record's length varint) and returns the
   * chunk data; {@code encodingOut[0]} receives the encoding byte.
   */
  public static byte[] decodeRecord(DecodeBuffer d, int[] encodingOut, boolean verifyCrc)
      throws CorruptBlockException {
    int len = d.uvarint32();
    int start = d.position();
    int encoding = d.u8();
    if (d.remaining() < len + 4) {
      throw d.corrupt("chunk record of " + len + " bytes truncated");
    }
    byte[] data = new byte[len];
    d.buffer().get(data);
    if (verifyCrc) {
      d.checkCrc32c(start, "chunk");
    } else {
      d.skip(4);
    }
    encodingOut[0] = encoding;
    return data;
  }

  /** CRC32C over the encoding byte and the data, as stored after each record. */
  public static int crc(int encoding, byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(encoding);
    crc.update(data, 0, data.length);
    return (int) crc.getValue();
  }
}
