package io.strata.tsdb.chunks;

/**
 * Packs and unpacks chunk references: the upper 32 bits are the 0-based segment index (file
 * {@code 000001} is segment 0), the lower 32 the offset of the record in that file.
 */
public final class ChunkRef {
  private ChunkRef() {}

  public static long of(int segmentIndex, long offset) {
    return ((long) segmentIndex << 32) | (offset & 0xFFFF_FFFFL);
  }

  public static int segment(long ref) {
    return (int) (ref >>> 32);
  }

  public static long offset(long ref) {
    return ref & 0xFFFF_FFFFL;
  }

  public static String toString(long ref) {
    return "segment " + String.format("%06d", segment(ref) + 1) + " offset " + offset(ref);
  }
}
