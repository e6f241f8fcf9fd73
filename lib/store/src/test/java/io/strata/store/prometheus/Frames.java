package io.strata.store.prometheus;

import com.google.protobuf.MessageLite;
import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/** Writes the STREAMED_XOR_CHUNKS framing the way Prometheus's ChunkedWriter does, for fakes and tests. */
final class Frames {
  private Frames() {}

  static byte[] frame(MessageLite msg) {
    return frame(msg.toByteArray());
  }

  static byte[] frame(byte[] msg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = msg.length;
    while (n >= 0x80) {
      out.write((int) (n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out.write((int) n);
    CRC32C crc = new CRC32C();
    crc.update(msg);
    long c = crc.getValue();
    out.write((int) (c >>> 24));
    out.write((int) (c >>> 16));
    out.write((int) (c >>> 8));
    out.write((int) c);
    out.writeBytes(msg);
    return out.toByteArray();
  }
}
