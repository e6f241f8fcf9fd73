package io.strata.tsdb.chunkenc;

/** Constants and header helpers of the XOR chunk format (chunk-encodings.md §3). */
public final class XorChunk {
  /** Bytes of the big-endian sample count that starts every XOR chunk. */
  public static final int HEADER_SIZE = 2;

  /** The sample count is a uint16. */
  public static final int MAX_SAMPLES = 0xFFFF;

  /** Prometheus' {@code MaxBytesPerXORChunk}. */
  public static final int MAX_BYTES = 1024;

  /**
   * Prometheus cuts a new chunk before appending when the current one is larger than this; 19 bytes is the
   * most one sample can add (68-bit timestamp code plus 77-bit value), keeping chunks within
   * {@link #MAX_BYTES}.
   */
  public static final int MAX_BYTES_BEFORE_APPEND = MAX_BYTES - 19;

  private XorChunk() {}

  /** Sample count from the header of a chunk that starts at index 0. */
  public static int numSamples(byte[] chunk) {
    return numSamples(chunk, 0, chunk.length);
  }

  /**
   * Sample count from the header of the chunk in {@code data[offset .. offset+length)}.
   *
   * @throws CorruptChunkException if the slice is shorter than the header
   */
  public static int numSamples(byte[] data, int offset, int length) {
    if (length < HEADER_SIZE) {
      throw new CorruptChunkException("XOR chunk of " + length + " bytes has no 2-byte sample count", 0);
    }
    return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
  }
}
