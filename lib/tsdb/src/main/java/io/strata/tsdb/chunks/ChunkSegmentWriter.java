package io.strata.tsdb.chunks;

import io.strata.tsdb.encoding.EncodeBuffer;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends chunk records to segment files {@code 000001, 000002, ...} in a {@code chunks} directory,
 * cutting a new file before a chunk would push the current one past the segment size (a chunk larger
 * than the segment size gets a file of its own). Chunks are written as they arrive: nothing is held
 * back in memory beyond an output buffer.
 *
 * <p>Format: docs/format/tsdb-block-format.md §5.
 */
public final class ChunkSegmentWriter implements Closeable {
  private final Path dir;
  private final long segmentSize;
  private final EncodeBuffer record = new EncodeBuffer(2048);
  private int segmentIndex = -1;
  private FileChannel channel;
  private OutputStream out;
  private long written;
  private long totalBytes;

  public ChunkSegmentWriter(Path chunksDir, long segmentSize) throws IOException {
    if (segmentSize <= ChunkSegments.HEADER_SIZE || segmentSize > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("segment size must be in (8, 4 GiB], got " + segmentSize);
    }
    this.dir = Files.createDirectories(chunksDir);
    this.segmentSize = segmentSize;
  }

  /**
   * Writes the chunks of one series and returns their references, in the same order.
   *
   * @param refsOut receives one reference per chunk; must be at least {@code chunks.size()} long
   */
  public void write(List<Chunk> chunks, long[] refsOut) throws IOException {
    for (int i = 0; i < chunks.size(); i++) {
      refsOut[i] = write(chunks.get(i));
    }
  }

  /** Writes one chunk and returns its reference. */
  public long write(Chunk chunk) throws IOException {
    byte[] data = chunk.data();
    long size = ChunkSegments.MAX_RECORD_OVERHEAD + data.length;
    if (channel == null || (written > ChunkSegments.HEADER_SIZE && written + size > segmentSize)) {
      cut();
    }
    long ref = ChunkRef.of(segmentIndex, written);
    record.reset();
    record.putUvarint(data.length);
    int crcStart = record.length();
    record.putByte(chunk.encoding());
    record.putBytes(data, 0, data.length);
    record.putCrc32c(crcStart);
    record.writeTo(out);
    written += record.length();
    totalBytes += record.length();
    return ref;
  }

  private void cut() throws IOException {
    finishSegment();
    segmentIndex++;
    Path file = dir.resolve(ChunkSegments.fileName(segmentIndex));
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 20);
    EncodeBuffer header = new EncodeBuffer(8);
    header.putBe32(ChunkSegments.MAGIC).putByte(ChunkSegments.FORMAT_VERSION).putByte(0).putByte(0).putByte(0);
    header.writeTo(out);
    written = ChunkSegments.HEADER_SIZE;
  }

  private void finishSegment() throws IOException {
    if (channel != null) {
      out.flush();
      channel.force(true);
      channel.close();
      channel = null;
      out = null;
    }
  }

  /** Number of segment files written so far. */
  public int segments() {
    return segmentIndex + 1;
  }

  /** Bytes of all segment files, headers included. */
  public long totalBytes() {
    return totalBytes + (long) segments() * ChunkSegments.HEADER_SIZE;
  }

  /** Flushes and fsyncs the current segment. */
  @Override
  public void close() throws IOException {
    finishSegment();
  }
}
