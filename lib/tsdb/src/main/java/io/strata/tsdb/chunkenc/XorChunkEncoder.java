package io.strata.tsdb.chunkenc;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Appends float samples to an XOR (Gorilla) chunk, producing exactly the bytes of Prometheus'
 * {@code xorAppender} (chunk-encodings.md §3): a 2-byte big-endian sample count, then sample 0 as varint
 * timestamp and raw value bits, sample 1 as uvarint timestamp delta and XOR value, and every later sample as
 * a delta-of-delta timestamp code and an XOR value.
 *
 * <p>Values are compared by their raw IEEE bits, so NaN payloads (Prometheus' stale marker
 * {@code 0x7FF0000000000002}) and {@code -0.0} survive unchanged. Timestamps are not checked for order:
 * like Prometheus, any sequence encodes, and keeping chunks ordered and non-overlapping is the cutter's job.
 *
 * <p>One encoder can produce many chunks: {@link #reset()} keeps its buffer. Not thread-safe.
 */
public final class XorChunkEncoder {
  // The appender's "no window chosen yet" marker; a decoder never sees it (see readValue in the iterator).
  private static final int NO_WINDOW = 0xFF;

  // The bit stream after the 2-byte header; the header is prepended on output.
  private final BitWriter out;
  private int numSamples;
  private long t;
  private long delta;
  private long valueBits;
  private int leading = NO_WINDOW;
  private int trailing;

  public XorChunkEncoder() {
    this(128);
  }

  /** @param initialCapacity expected chunk size in bytes; 128 fits a typical 120-sample chunk */
  public XorChunkEncoder(int initialCapacity) {
    out = new BitWriter(initialCapacity);
  }

  /** Starts a new, empty chunk, reusing the buffer. */
  public XorChunkEncoder reset() {
    out.reset();
    numSamples = 0;
    t = 0;
    delta = 0;
    valueBits = 0;
    leading = NO_WINDOW;
    trailing = 0;
    return this;
  }

  /**
   * Continues an existing chunk, as Prometheus' {@code XORChunk.Appender()} does: the chunk is decoded to
   * its end to recover the encoder state. As there, a chunk whose value window was never set resumes with a
   * zero-width window rather than "none", so its next bytes can differ from those of an encoder that saw
   * every sample; both decode the same.
   *
   * @throws CorruptChunkException if the chunk cannot be decoded
   */
  public XorChunkEncoder resume(byte[] data, int offset, int length) {
    if (length <= XorChunk.HEADER_SIZE || XorChunk.numSamples(data, offset, length) == 0) {
      return reset();
    }
    XorChunkIterator it = new XorChunkIterator().reset(data, offset, length);
    while (it.next() != ValueType.NONE) {
      // Decoding to the end leaves the iterator holding the appender state.
    }
    out.resetTo(data, offset + XorChunk.HEADER_SIZE, it.bitPosition() - 8 * XorChunk.HEADER_SIZE);
    numSamples = it.numSamples();
    t = it.atT();
    delta = it.delta();
    valueBits = it.atValueBits();
    leading = it.leading();
    trailing = it.trailing();
    return this;
  }

  /**
   * Appends a sample.
   *
   * @throws IllegalStateException if the chunk already holds {@link XorChunk#MAX_SAMPLES} samples
   */
  public void append(long t, double v) {
    appendBits(t, Double.doubleToRawLongBits(v));
  }

  /** Appends a sample given the raw IEEE bits of its value. */
  public void appendBits(long t, long valueBits) {
    BitWriter w = out;
    int n = numSamples;
    if (n >= 2) {
      if (n == XorChunk.MAX_SAMPLES) {
        throw new IllegalStateException("XOR chunk full: it already holds " + n + " samples");
      }
      long newDelta = t - this.t;
      writeDod(w, newDelta - delta);
      delta = newDelta;
      writeValue(w, valueBits);
    } else if (n == 0) {
      w.writeVarint(t);
      w.writeBits(valueBits, 64);
    } else {
      delta = t - this.t;
      w.writeUvarint(delta);
      writeValue(w, valueBits);
    }
    this.t = t;
    this.valueBits = valueBits;
    numSamples = n + 1;
  }

  private static void writeDod(BitWriter w, long dod) {
    // Buckets as Prometheus' bitRange(x, n): -(2^(n-1) - 1) <= x <= 2^(n-1), one word write per code.
    if (dod == 0) {
      w.writeBits(0, 1);
    } else if (dod >= -8191 && dod <= 8192) {
      w.writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
    } else if (dod >= -65535 && dod <= 65536) {
      w.writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
    } else if (dod >= -524287 && dod <= 524288) {
      w.writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
    } else {
      w.writeBits(0b1111, 4);
      w.writeBits(dod, 64);
    }
  }

  private void writeValue(BitWriter w, long bits) {
    long xor = bits ^ valueBits;
    if (xor == 0) {
      w.writeBits(0, 1);
      return;
    }
    // Leading zeros go in a 5-bit field, hence the cap; the window then carries a few zero bits.
    int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
    int trail = Long.numberOfTrailingZeros(xor);
    if (leading != NO_WINDOW && lead >= leading && trail >= trailing) {
      int width = 64 - leading - trailing;
      if (width <= 62) {
        w.writeBits((0b10L << width) | (xor >>> trailing), width + 2);
      } else {
        w.writeBits(0b10, 2);
        w.writeBits(xor >>> trailing, width);
      }
      return;
    }
    leading = lead;
    trailing = trail;
    int sig = 64 - lead - trail;
    // 64 significant bits do not fit 6 bits; 0 stands for 64 since a zero-width change is never written.
    long header = (0b11L << 11) | ((long) lead << 6) | (sig & 63);
    if (sig <= 51) {
      w.writeBits((header << sig) | (xor >>> trail), 13 + sig);
    } else {
      w.writeBits(header, 13);
      w.writeBits(xor >>> trail, sig);
    }
  }

  /** Samples appended since the last reset. */
  public int numSamples() {
    return numSamples;
  }

  /** Timestamp of the last appended sample; meaningless while {@link #numSamples()} is 0. */
  public long lastT() {
    return t;
  }

  /**
   * Current chunk size in bytes, header included: what Prometheus compares with
   * {@link XorChunk#MAX_BYTES_BEFORE_APPEND} to decide whether to cut a new chunk.
   */
  public int sizeInBytes() {
    return XorChunk.HEADER_SIZE + out.sizeInBytes();
  }

  /** A copy of the chunk bytes. */
  public byte[] bytes() {
    byte[] b = new byte[sizeInBytes()];
    writeTo(b, 0);
    return b;
  }

  /**
   * Copies the chunk bytes into {@code dst} at {@code offset}.
   *
   * @return the number of bytes written, {@link #sizeInBytes()}
   */
  public int writeTo(byte[] dst, int offset) {
    dst[offset] = (byte) (numSamples >>> 8);
    dst[offset + 1] = (byte) numSamples;
    return XorChunk.HEADER_SIZE + out.writeTo(dst, offset + XorChunk.HEADER_SIZE);
  }

  public void writeTo(OutputStream stream) throws IOException {
    stream.write(numSamples >>> 8);
    stream.write(numSamples);
    out.writeTo(stream);
  }
}
