package io.strata.tsdb.chunks;

/**
 * One chunk of a series: its encoding byte (see {@code io.strata.tsdb.chunkenc.ChunkEncoding}), the
 * chunk bytes as stored in a segment record (for XOR: 2-byte sample count + bit stream), and the
 * timestamps of its first and last sample (both inclusive).
 *
 * <p>{@code data} is owned by the chunk once constructed; nobody mutates it.
 */
public record Chunk(long minTime, long maxTime, int encoding, byte[] data) {
  public Chunk {
    if (maxTime < minTime) {
      throw new IllegalArgumentException("chunk maxTime " + maxTime + " before minTime " + minTime);
    }
  }

  /** Whether the chunk's samples can fall inside the closed range {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
