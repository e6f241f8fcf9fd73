package io.strata.tsdb.encoding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads the primitive encodings of the TSDB formats from a {@link ByteBuffer}: big-endian fixed
 * integers, Go's {@code uvarint} (LEB128) and {@code varint} (ZigZag + LEB128), and
 * length-prefixed UTF-8 strings.
 *
 * <p>Running off the end or reading a malformed varint throws a {@link CorruptBlockException} naming
 * the file and absolute offset (the buffer's position plus {@code baseOffset}). One instance can be
 * {@link #reset} onto another buffer to avoid allocation on hot paths; it is not thread-safe.
 */
public final class DecodeBuffer {
  private String file;
  private long baseOffset;
  private ByteBuffer buf;
  private byte[] scratch = new byte[64];

  public DecodeBuffer(String file, long baseOffset, ByteBuffer buf) {
    reset(file, baseOffset, buf);
  }

  public DecodeBuffer reset(String file, long baseOffset, ByteBuffer buf) {
    this.file = file;
    this.baseOffset = baseOffset;
    this.buf = buf;
    return this;
  }

  public ByteBuffer buffer() {
    return buf;
  }

  public int remaining() {
    return buf.remaining();
  }

  public int position() {
    return buf.position();
  }

  public void position(int p) {
    buf.position(p);
  }

  /** Absolute file offset of the next byte. */
  public long offset() {
    return baseOffset + buf.position();
  }

  public String file() {
    return file;
  }

  public CorruptBlockException corrupt(String problem) {
    return new CorruptBlockException(file, offset(), problem);
  }

  private void need(int n, String what) throws CorruptBlockException {
    if (buf.remaining() < n) {
      throw corrupt("truncated: need " + n + " bytes for " + what + ", " + buf.remaining() + " left");
    }
  }

  public int u8() throws CorruptBlockException {
    need(1, "a byte");
    return buf.get() & 0xFF;
  }

  public int be32() throws CorruptBlockException {
    need(4, "a 32-bit integer");
    return buf.getInt();
  }

  public long be64() throws CorruptBlockException {
    need(8, "a 64-bit integer");
    return buf.getLong();
  }

  public long uvarint() throws CorruptBlockException {
    long x = 0;
    int shift = 0;
    for (int i = 0; i < 10; i++) {
      if (!buf.hasRemaining()) {
        throw corrupt("truncated varint");
      }
      int b = buf.get() & 0xFF;
      if (b < 0x80) {
        if (i == 9 && b > 1) {
          throw corrupt("varint overflows 64 bits");
        }
        return x | ((long) b << shift);
      }
      x |= (long) (b & 0x7F) << shift;
      shift += 7;
    }
    throw corrupt("varint overflows 64 bits");
  }

  /** A uvarint that must fit a non-negative int (lengths, counts). */
  public int uvarint32() throws CorruptBlockException {
    long v = uvarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw corrupt("value " + Long.toUnsignedString(v) + " too large");
    }
    return (int) v;
  }

  public long varint() throws CorruptBlockException {
    long u = uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** A uvarint-length-prefixed UTF-8 string. */
  public String uvarintString() throws CorruptBlockException {
    int n = uvarint32();
    need(n, "a string of " + n + " bytes");
    if (buf.hasArray()) {
      String s = new String(buf.array(), buf.arrayOffset() + buf.position(), n, StandardCharsets.UTF_8);
      buf.position(buf.position() + n);
      return s;
    }
    if (scratch.length < n) {
      scratch = new byte[Math.max(n, scratch.length * 2)];
    }
    buf.get(scratch, 0, n);
    return new String(scratch, 0, n, StandardCharsets.UTF_8);
  }

  public void skip(int n) throws CorruptBlockException {
    need(n, "skipping");
    buf.position(buf.position() + n);
  }

  /**
   * Checks a big-endian CRC32C that follows the bytes {@code [start, position)} of the buffer and
   * consumes it.
   */
  public void checkCrc32c(int start, String what) throws CorruptBlockException {
    int end = buf.position();
    int want = be32();
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().position(start).limit(end));
    if ((int) crc.getValue() != want) {
      throw new CorruptBlockException(file, baseOffset + start,
          "CRC32C mismatch in " + what + ": stored " + hex(want) + ", computed " + hex((int) crc.getValue()));
    }
  }

  private static String hex(int v) {
    return String.format("%08x", v);
  }
}
