package io.strata.tsdb.chunkenc;

/**
 * The one-byte chunk encoding identifier of the Prometheus TSDB, as stored in chunk segment files and in
 * remote-read responses (chunk-encodings.md §1).
 *
 * <p>These are Prometheus' numbers. The Thanos StoreAPI enum numbers XOR as 0; converting between the two
 * belongs at the gRPC boundary, not here.
 */
public enum ChunkEncoding {
  NONE(0),
  XOR(1),
  HISTOGRAM(2),
  FLOAT_HISTOGRAM(3),
  XOR2(4),
  HISTOGRAM_ST(5),
  FLOAT_HISTOGRAM_ST(6),
  /** Thanos' downsampled aggregate chunk; only found in blocks with a downsample resolution above 0. */
  THANOS_AGGR(0xFF);

  // Indexed by the unsigned byte so that decoding a segment record is a single array load.
  private static final ChunkEncoding[] BY_CODE = new ChunkEncoding[256];

  static {
    for (ChunkEncoding e : values()) {
      BY_CODE[e.code] = e;
    }
  }

  private final int code;

  ChunkEncoding(int code) {
    this.code = code;
  }

  /** The unsigned byte value, 0..255. */
  public int code() {
    return code;
  }

  /** The byte as written to a chunk segment file. */
  public byte toByte() {
    return (byte) code;
  }

  /**
   * The encoding for a byte read from storage.
   *
   * @throws IllegalArgumentException if the byte names no known encoding
   */
  public static ChunkEncoding fromByte(byte b) {
    ChunkEncoding e = BY_CODE[b & 0xFF];
    if (e == null) {
      throw new IllegalArgumentException("unknown chunk encoding byte 0x" + Integer.toHexString(b & 0xFF));
    }
    return e;
  }

  /** Like {@link #fromByte(byte)} but returns {@code null} for an unknown byte, for callers that skip them. */
  public static ChunkEncoding lookup(int code) {
    return BY_CODE[code & 0xFF];
  }
}
