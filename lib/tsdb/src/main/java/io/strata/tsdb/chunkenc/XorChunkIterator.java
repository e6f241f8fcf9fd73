package io.strata.tsdb.chunkenc;

import java.util.Objects;

/**
 * Decodes an XOR chunk (chunk-encodings.md §3) lazily, one sample per {@link #next()}, without allocating.
 *
 * <p>Reuse one iterator across chunks with {@link #reset(byte[], int, int)}; it reads the caller's array in
 * place, which must not change while iterating. Decoding works on 64-bit words from {@link BitReader}: one
 * refill before the timestamp code and one before the value leave at least 56 bits buffered, so the common
 * fields are taken with shifts only, and the timestamp bucket is found by counting leading ones rather than
 * by a bit-at-a-time loop.
 *
 * <p>Truncated or inconsistent data raises {@link CorruptChunkException}; the iterator is then exhausted.
 * Not thread-safe.
 */
public final class XorChunkIterator implements SampleIterator {
  // Payload width of the timestamp code by its number of leading one bits (0..3), one byte each.
  private static final int DOD_WIDTHS = (20 << 24) | (17 << 16) | (14 << 8);

  private final BitReader in = new BitReader();
  private int numTotal;
  // Samples decoded so far; numTotal + 1 once next() has reported the end.
  private int numRead;
  private long t;
  private long delta;
  private long valueBits;
  private int leading;
  private int trailing;

  /** An iterator over no samples, to be positioned with {@link #reset(byte[], int, int)}. */
  public XorChunkIterator() {}

  public XorChunkIterator(byte[] chunk) {
    reset(chunk, 0, chunk.length);
  }

  /**
   * Positions the iterator before the first sample of the chunk in {@code data[offset .. offset+length)}.
   *
   * @throws CorruptChunkException if the slice is shorter than the chunk header
   */
  public XorChunkIterator reset(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    numTotal = XorChunk.numSamples(data, offset, length);
    in.reset(data, offset + XorChunk.HEADER_SIZE, length - XorChunk.HEADER_SIZE);
    numRead = 0;
    t = 0;
    delta = 0;
    valueBits = 0;
    // Zero, not the encoder's "no window" marker: a resumed encoder may emit a reuse code for sample 1.
    leading = 0;
    trailing = 0;
    return this;
  }

  @Override
  public ValueType next() {
    int n = numRead;
    if (n >= numTotal) {
      numRead = numTotal + 1;
      return ValueType.NONE;
    }
    BitReader r = in;
    if (n >= 2) {
      r.refill();
      long b = r.buf;
      // The code is 0, 10, 110, 1110 or 1111; its leading ones select a 0/14/17/20-bit payload, so the
      // three short buckets and "unchanged" share one branch-free path.
      int ones = Long.numberOfLeadingZeros(~b);
      if (ones < 4) {
        int width = (DOD_WIDTHS >>> (ones << 3)) & 0xFF;
        // Two shifts so that a zero width yields zero: Java reduces a shift by 64 to a shift by 0.
        long raw = ((b << (ones + 1)) >>> (63 - width)) >>> 1;
        // The ranges are -(2^(w-1) - 1) .. 2^(w-1): raw values above half are negative.
        long half = (1L << width) >>> 1;
        long dod = raw - (((half - raw) >> 63) & (half << 1));
        r.skip(ones + 1 + width);
        delta += dod;
      } else {
        r.skip(4);
        delta += r.readBits(64);
      }
      t += delta;
      readValue(r);
    } else if (n == 0) {
      t = r.readVarint();
      valueBits = r.readBits(64);
    } else {
      delta = r.readUvarint();
      t += delta;
      readValue(r);
    }
    if (r.pastEnd() && r.overrun()) {
      throw truncated(n);
    }
    numRead = n + 1;
    return ValueType.FLOAT;
  }

  private void readValue(BitReader r) {
    r.refill();
    long b = r.buf;
    if (b >= 0) {
      r.skip(1);
      return;
    }
    if ((b << 1) >= 0) {
      int width = 64 - leading - trailing;
      if (width + 2 <= r.avail) {
        valueBits ^= ((b << 2) >>> (64 - width)) << trailing;
        r.skip(width + 2);
      } else {
        r.skip(2);
        valueBits ^= r.readBits(width) << trailing;
      }
      return;
    }
    int lead = (int) ((b << 2) >>> 59);
    // A width of 0 stands for 64; the mapping 0 -> 64, w -> w needs no branch.
    int sig = (((int) ((b << 7) >>> 58) - 1) & 63) + 1;
    int trail = 64 - lead - sig;
    if (trail < 0) {
      int sample = numRead;
      numRead = numTotal + 1;
      throw new CorruptChunkException(
          "XOR chunk sample " + sample + " of " + numTotal + ": value window of " + lead
              + " leading zeros and " + sig + " significant bits exceeds 64 bits",
          XorChunk.HEADER_SIZE + r.bytePosition());
    }
    leading = lead;
    trailing = trail;
    if (13 + sig <= r.avail) {
      valueBits ^= ((b << 13) >>> (64 - sig)) << trail;
      r.skip(13 + sig);
    } else {
      r.skip(13);
      valueBits ^= r.readBits(sig) << trail;
    }
  }

  private CorruptChunkException truncated(int sample) {
    numRead = numTotal + 1;
    return new CorruptChunkException(
        "XOR chunk truncated: sample " + sample + " of " + numTotal + " needs more than its "
            + (in.length() + XorChunk.HEADER_SIZE) + " bytes",
        XorChunk.HEADER_SIZE + (long) in.length());
  }

  @Override
  public ValueType seek(long target) {
    while (numRead == 0 || t < target) {
      if (next() == ValueType.NONE) {
        return ValueType.NONE;
      }
    }
    return numRead > numTotal ? ValueType.NONE : ValueType.FLOAT;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atValue() {
    return Double.longBitsToDouble(valueBits);
  }

  /**
   * Raw IEEE bits of the current value; unlike {@link #atValue()} guaranteed to keep NaN payloads such as
   * the stale marker on every platform.
   */
  public long atValueBits() {
    return valueBits;
  }

  /** Sample count from the chunk header. */
  public int numSamples() {
    return numTotal;
  }

  long bitPosition() {
    return ((long) XorChunk.HEADER_SIZE << 3) + in.bitPosition();
  }

  long delta() {
    return delta;
  }

  int leading() {
    return leading;
  }

  int trailing() {
    return trailing;
  }
}
