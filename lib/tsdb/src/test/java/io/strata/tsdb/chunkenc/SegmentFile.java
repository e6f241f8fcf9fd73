package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Minimal reader of a Prometheus chunk segment file for golden tests (tsdb-block-format.md): 8-byte header
 * (magic 0x85BD40DD, version, 3 padding bytes), then records of uvarint length, encoding byte, chunk bytes
 * and a big-endian CRC32C of encoding and chunk bytes. The production reader lives in another package.
 */
final class SegmentFile {
  record Chunk(long fileOffset, ChunkEncoding encoding, byte[] data) {}

  private SegmentFile() {}

  static List<Chunk> chunks(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    assertThat(b.getInt()).as("segment magic").isEqualTo(0x85BD40DD);
    assertThat(b.get()).as("segment version").isEqualTo((byte) 1);
    b.position(8);
    List<Chunk> chunks = new ArrayList<>();
    while (b.hasRemaining()) {
      long offset = b.position();
      long len = 0;
      for (int shift = 0; ; shift += 7) {
        int x = b.get() & 0xFF;
        len |= (long) (x & 0x7F) << shift;
        if (x < 0x80) {
          break;
        }
      }
      int encodingAt = b.position();
      ChunkEncoding encoding = ChunkEncoding.fromByte(b.get());
      byte[] data = new byte[Math.toIntExact(len)];
      b.get(data);
      CRC32C crc = new CRC32C();
      crc.update(file, encodingAt, 1 + data.length);
      assertThat(b.getInt()).as("CRC32C of chunk at offset %d", offset).isEqualTo((int) crc.getValue());
      chunks.add(new Chunk(offset, encoding, data));
    }
    return chunks;
  }
}
