package io.strata.tsdb.encoding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A memory-mapped local file. Reads inside one mapped region are zero-copy views; Java maps at most
 * 2 GiB per buffer, so larger files are mapped in 1 GiB regions and the rare read that spans two
 * regions is copied.
 */
public final class MappedFileSource implements ByteSource {
  private static final int REGION_BITS = 30;
  private static final long REGION_SIZE = 1L << REGION_BITS;

  private final String name;
  private final long size;
  private final MappedByteBuffer[] regions;

  public MappedFileSource(Path file) throws IOException {
    this.name = file.toString();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      this.size = ch.size();
      int n = (int) ((size + REGION_SIZE - 1) >>> REGION_BITS);
      regions = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long start = (long) i << REGION_BITS;
        regions[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(REGION_SIZE, size - start));
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public ByteBuffer read(long offset, int length) throws CorruptBlockException {
    ByteSource.checkRange(name, size, offset, length);
    int region = (int) (offset >>> REGION_BITS);
    int inRegion = (int) (offset & (REGION_SIZE - 1));
    if (length == 0) {
      return ByteBuffer.allocate(0);
    }
    if (inRegion + (long) length <= regions[region].capacity()) {
      return regions[region].slice(inRegion, length).order(ByteOrder.BIG_ENDIAN);
    }
    ByteBuffer copy = ByteBuffer.allocate(length);
    long pos = offset;
    while (copy.hasRemaining()) {
      int r = (int) (pos >>> REGION_BITS);
      int at = (int) (pos & (REGION_SIZE - 1));
      int n = Math.min(copy.remaining(), regions[r].capacity() - at);
      copy.put(regions[r].slice(at, n));
      pos += n;
    }
    return copy.flip();
  }

  /** Unmapping happens when the buffers are garbage collected; Java offers no safe eager unmap. */
  @Override
  public void close() {}
}
