package io.strata.store.bucket;

import java.util.ArrayList;
import java.util.List;

/**
 * Merges byte ranges of one object into fewer, larger reads: two ranges are read with one GET when the gap
 * between them is at most {@code maxGap} bytes. Object stores charge per request and have tens of milliseconds of
 * latency, so reading a few hundred KiB too many is cheaper than another round trip (Thanos's
 * {@code gapBasedPartitioner}, 512 KiB).
 *
 * <p>Example, {@code maxGap = 100}: ranges {@code [0,10) [50,60) [300,310)} become parts {@code [0,60)} covering
 * ranges 0–1 and {@code [300,310)} covering range 2.
 */
final class RangePartitioner {
  /** One read: bytes {@code [start, end)} covering input ranges {@code first..last} (inclusive). */
  record Part(long start, long end, int first, int last) {
    long length() {
      return end - start;
    }
  }

  private RangePartitioner() {}

  /**
   * @param starts range starts, ascending
   * @param ends range ends (exclusive), each after its start
   * @param n number of ranges
   */
  static List<Part> partition(long[] starts, long[] ends, int n, long maxGap) {
    List<Part> parts = new ArrayList<>();
    int i = 0;
    while (i < n) {
      long start = starts[i];
      long end = ends[i];
      int first = i;
      i++;
      while (i < n && starts[i] <= end + maxGap) {
        end = Math.max(end, ends[i]);
        i++;
      }
      parts.add(new Part(start, end, first, i - 1));
    }
    return parts;
  }
}
