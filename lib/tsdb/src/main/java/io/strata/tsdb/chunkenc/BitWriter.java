package io.strata.tsdb.chunkenc;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Growable bit stream, most significant bit first, the writing half of Prometheus' {@code bstream}
 * (chunk-encodings.md §2). The last byte is zero-padded on the right.
 *
 * <p>Bits collect in a 64-bit accumulator that is stored to the buffer as one big-endian word when it is
 * full, so a field costs a few register operations and the buffer is never read back: reading back a word
 * just stored at another alignment defeats the CPU's store forwarding and halves encoding speed.
 *
 * <p>Not thread-safe. {@link #reset()} keeps the buffer, so one writer can encode many chunks.
 */
public final class BitWriter {
  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  // Bytes of buf holding complete words; always a multiple of 8.
  private int flushed;
  // Pending bits, left-aligned; the bits below them are zero.
  private long acc;
  private int accBits;

  public BitWriter() {
    this(128);
  }

  /** @param initialCapacity expected size in bytes; the buffer grows as needed */
  public BitWriter(int initialCapacity) {
    buf = new byte[Math.max(8, (initialCapacity + 7) & ~7)];
  }

  /** Empties the stream, keeping the allocated buffer. */
  public void reset() {
    flushed = 0;
    acc = 0;
    accBits = 0;
  }

  /**
   * Replaces the content with the first {@code bitLength} bits of {@code src[offset..]}, so appending
   * continues exactly where that stream ended.
   */
  public void resetTo(byte[] src, int offset, long bitLength) {
    if (bitLength < 0) {
      throw new IllegalArgumentException("negative bit length " + bitLength);
    }
    reset();
    int whole = (int) (bitLength >>> 3);
    for (int i = 0; i < whole; i++) {
      writeBits(src[offset + i], 8);
    }
    int rest = (int) (bitLength & 7);
    if (rest != 0) {
      writeBits((src[offset + whole] & 0xFF) >>> (8 - rest), rest);
    }
  }

  public void writeBit(boolean bit) {
    writeBits(bit ? 1 : 0, 1);
  }

  /** Writes the low 8 bits of {@code b}, at any bit position. */
  public void writeByte(int b) {
    writeBits(b, 8);
  }

  /**
   * Writes the {@code n} low bits of {@code value}, most significant first; higher bits of {@code value}
   * are ignored.
   *
   * @param n 0..64
   */
  public void writeBits(long value, int n) {
    if (n <= 0 || n > 64) {
      if (n == 0) {
        return;
      }
      throw new IllegalArgumentException("bit count out of range 0..64: " + n);
    }
    long field = value << (64 - n);
    int used = accBits;
    int total = used + n;
    if (total < 64) {
      acc |= field >>> used;
      accBits = total;
      return;
    }
    // The accumulator fills up: complete it with the field's top bits, store it, keep the rest.
    long word = acc | (field >>> used);
    int at = flushed;
    if (at + 8 > buf.length) {
      grow();
    }
    BE_LONG.set(buf, at, word);
    flushed = at + 8;
    int rest = total - 64;
    acc = rest == 0 ? 0 : field << (n - rest);
    accBits = rest;
  }

  /** Writes {@code value} as an unsigned LEB128 varint, one {@link #writeByte} per group of 7 bits. */
  public void writeUvarint(long value) {
    while (Long.compareUnsigned(value, 0x80) >= 0) {
      writeBits((value & 0x7F) | 0x80, 8);
      value >>>= 7;
    }
    writeBits(value, 8);
  }

  /** Writes {@code value} ZigZag-encoded as a varint, like Go's {@code binary.PutVarint}. */
  public void writeVarint(long value) {
    writeUvarint((value << 1) ^ (value >> 63));
  }

  /** Number of bits written. */
  public long bitLength() {
    return ((long) flushed << 3) + accBits;
  }

  /** Number of bytes the stream occupies, the last one padded. */
  public int sizeInBytes() {
    return flushed + ((accBits + 7) >>> 3);
  }

  /** A copy of the stream's bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(materialize(), sizeInBytes());
  }

  /**
   * Copies the stream's bytes into {@code dst} at {@code offset}.
   *
   * @return the number of bytes copied, {@link #sizeInBytes()}
   */
  public int writeTo(byte[] dst, int offset) {
    int n = sizeInBytes();
    System.arraycopy(materialize(), 0, dst, offset, n);
    return n;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(materialize(), 0, sizeInBytes());
  }

  // Stores the pending bits after the complete words without consuming them; the next full word
  // overwrites the same place.
  private byte[] materialize() {
    if (flushed + 8 > buf.length) {
      grow();
    }
    BE_LONG.set(buf, flushed, acc);
    return buf;
  }

  private void grow() {
    long wanted = Math.max((long) buf.length * 2, 16);
    if (wanted > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("bit stream larger than 2 GiB");
    }
    buf = Arrays.copyOf(buf, (int) wanted);
  }
}
