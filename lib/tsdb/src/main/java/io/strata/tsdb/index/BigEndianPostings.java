package io.strata.tsdb.index;

import java.nio.ByteBuffer;

/**
 * Postings decoded lazily from an index postings list (big-endian 32-bit references), without copying
 * them out: seeks gallop then binary-search, which keeps intersections of long lists cheap.
 */
public final class BigEndianPostings implements Postings {
  private final ByteBuffer buf;
  private final int base;
  private final int n;
  private int i = -1;
  private long cur;

  /**
   * @param buf a buffer whose bytes {@code [base, base + 4n)} are the references
   */
  public BigEndianPostings(ByteBuffer buf, int base, int n) {
    this.buf = buf;
    this.base = base;
    this.n = n;
  }

  public int size() {
    return n;
  }

  private long ref(int k) {
    return buf.getInt(base + (k << 2)) & 0xFFFF_FFFFL;
  }

  @Override
  public boolean next() {
    if (i + 1 < n) {
      cur = ref(++i);
      return true;
    }
    i = n;
    return false;
  }

  @Override
  public boolean seek(long v) {
    if (i >= n) {
      return false;
    }
    if (i >= 0 && cur >= v) {
      return true;
    }
    // Gallop from the current position: in intersections of dense lists the target is usually a few
    // entries ahead, so probing 1, 2, 4, ... entries beats a binary search over everything left.
    int lo = Math.max(i, 0);
    int step = 1;
    int hi = lo;
    while (hi < n && ref(hi) < v) {
      lo = hi + 1;
      hi = lo + step;
      step <<= 1;
    }
    hi = Math.min(hi, n);
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ref(mid) < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
    if (i >= n) {
      return false;
    }
    cur = ref(i);
    return true;
  }

  @Override
  public long at() {
    return cur;
  }
}
