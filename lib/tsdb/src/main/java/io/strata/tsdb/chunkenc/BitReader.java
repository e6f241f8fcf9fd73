package io.strata.tsdb.chunkenc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads a bit stream written most significant bit first (chunk-encodings.md §2), like Prometheus'
 * {@code bstreamReader}, from a slice of a {@code byte[]} without copying it.
 *
 * <p>Bits are buffered in a 64-bit word, left-aligned: {@code buf}'s top {@code avail} bits are the next
 * bits of the stream. {@link #refill()} tops it up with one unaligned big-endian load whenever 8 bytes are
 * left, leaving 56..63 bits available, so a decoder can take a whole timestamp or value field with shifts
 * and no further bounds checks. The bits below {@code avail} are not zero but copies of the following stream
 * bytes; the next refill ORs the same bits into the same places, which is why no masking is needed.
 *
 * <p>Reading past the end does not throw: the missing bits read as zero and {@link #overrun()} turns true.
 * Decoders check it once per decoded unit (a sample), which is cheaper than a check per field, and report a
 * {@link CorruptChunkException}.
 */
public final class BitReader {
  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] EMPTY = new byte[0];

  // Package-private so that the chunk iterators can decode from the buffer directly.
  long buf;
  int avail;

  private byte[] data = EMPTY;
  private int start;
  private int pos;
  private int limit;
  private int fastLimit;

  public BitReader() {}

  public BitReader(byte[] data, int offset, int length) {
    reset(data, offset, length);
  }

  /** Positions the reader at bit 0 of {@code data[offset .. offset+length)}. */
  public void reset(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    this.data = data;
    this.start = offset;
    this.pos = offset;
    this.limit = offset + length;
    this.fastLimit = limit - 8;
    this.buf = 0;
    this.avail = 0;
  }

  /**
   * Makes at least 56 bits available in the buffer; past the end of the slice they are zero bits (and then
   * {@link #overrun()} tells whether any of them were consumed).
   */
  void refill() {
    int p = pos;
    long word;
    if (p <= fastLimit) {
      word = (long) BE_LONG.get(data, p);
    } else {
      word = tailWord(p);
    }
    int a = avail;
    buf |= word >>> a;
    pos = p + ((63 - a) >>> 3);
    avail = a | 56;
  }

  private long tailWord(int p) {
    long word = 0;
    for (int i = 0; i < 8; i++) {
      int q = p + i;
      word = (word << 8) | (q < limit ? data[q] & 0xFF : 0);
    }
    return word;
  }

  /** Drops {@code n} (0..63, at most the available bits) bits already in the buffer. */
  void skip(int n) {
    buf <<= n;
    avail -= n;
  }

  public boolean readBit() {
    if (avail == 0) {
      refill();
    }
    boolean bit = buf < 0;
    buf <<= 1;
    avail--;
    return bit;
  }

  /**
   * Reads {@code n} bits as an unsigned number in the low bits of the result.
   *
   * @param n 0..64
   */
  public long readBits(int n) {
    if (n > avail) {
      refill();
      if (n > avail) {
        return readSplit(n);
      }
    }
    if (n == 0) {
      return 0;
    }
    long v = buf >>> (64 - n);
    buf <<= n;
    avail -= n;
    return v;
  }

  private long readSplit(int n) {
    if (n > 64 || n < 0) {
      throw new IllegalArgumentException("bit count out of range 0..64: " + n);
    }
    long hi = readBits(n - 32);
    return (hi << 32) | readBits(32);
  }

  /** Reads 8 bits, at any bit position. */
  public int readByte() {
    return (int) readBits(8);
  }

  /**
   * Reads an unsigned LEB128 varint of at most 10 bytes, like Go's {@code binary.ReadUvarint}.
   *
   * @throws CorruptChunkException if the varint does not fit 64 bits
   */
  public long readUvarint() {
    long x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (b < 0x80) {
        if (shift == 63 && b > 1) {
          break;
        }
        return x | ((long) b << shift);
      }
      x |= (long) (b & 0x7F) << shift;
    }
    throw new CorruptChunkException("varint overflows 64 bits", bytePosition());
  }

  /** Reads a ZigZag varint, like Go's {@code binary.ReadVarint}. */
  public long readVarint() {
    long ux = readUvarint();
    return (ux >>> 1) ^ -(ux & 1);
  }

  /** Bits consumed since the start of the slice. */
  public long bitPosition() {
    return ((long) (pos - start) << 3) - avail;
  }

  /** Byte (rounded down) of the next bit to read, relative to the start of the slice. */
  public long bytePosition() {
    return bitPosition() >>> 3;
  }

  /** Length of the slice in bytes. */
  public int length() {
    return limit - start;
  }

  /** Whether the buffer holds padding beyond the slice; a cheap precondition of {@link #overrun()}. */
  boolean pastEnd() {
    return pos > limit;
  }

  /** Whether more bits were consumed than the slice holds. */
  public boolean overrun() {
    return ((long) (pos - limit) << 3) > avail;
  }
}
