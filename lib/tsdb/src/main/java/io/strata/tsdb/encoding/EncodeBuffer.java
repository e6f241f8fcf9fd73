package io.strata.tsdb.encoding;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growable byte array with the TSDB formats' primitive encodings (the mirror of
 * {@link DecodeBuffer}). Reused across entries by {@link #reset()} so writers do not allocate per
 * series.
 */
public final class EncodeBuffer {
  private byte[] buf;
  private int len;
  private final CRC32C crc = new CRC32C();

  public EncodeBuffer() {
    this(256);
  }

  public EncodeBuffer(int capacity) {
    buf = new byte[capacity];
  }

  public void reset() {
    len = 0;
  }

  public int length() {
    return len;
  }

  public byte[] array() {
    return buf;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + extra, buf.length * 2));
    }
  }

  public EncodeBuffer putByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  public EncodeBuffer putBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  public EncodeBuffer putBe32(int v) {
    ensure(4);
    buf[len] = (byte) (v >>> 24);
    buf[len + 1] = (byte) (v >>> 16);
    buf[len + 2] = (byte) (v >>> 8);
    buf[len + 3] = (byte) v;
    len += 4;
    return this;
  }

  /** Overwrites 4 bytes at {@code pos} (for lengths known only after the payload). */
  public void setBe32(int pos, int v) {
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  public EncodeBuffer putBe64(long v) {
    putBe32((int) (v >>> 32));
    return putBe32((int) v);
  }

  public EncodeBuffer putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  public EncodeBuffer putVarint(long v) {
    return putUvarint((v << 1) ^ (v >> 63));
  }

  public EncodeBuffer putUvarintString(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putUvarint(b.length);
    return putBytes(b, 0, b.length);
  }

  /** Appends the big-endian CRC32C of bytes {@code [start, length)}. */
  public EncodeBuffer putCrc32c(int start) {
    crc.reset();
    crc.update(buf, start, len - start);
    return putBe32((int) crc.getValue());
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, len);
  }

  public static int uvarintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
