package io.strata.tsdb.encoding;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@link ByteSource} over bytes already in memory. */
public final class ByteArraySource implements ByteSource {
  private final String name;
  private final byte[] bytes;

  public ByteArraySource(String name, byte[] bytes) {
    this.name = name;
    this.bytes = bytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return bytes.length;
  }

  @Override
  public ByteBuffer read(long offset, int length) throws CorruptBlockException {
    ByteSource.checkRange(name, bytes.length, offset, length);
    return ByteBuffer.wrap(bytes, (int) offset, length).slice().order(ByteOrder.BIG_ENDIAN);
  }

  @Override
  public void close() {}
}
