package io.strata.store.prometheus;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.strata.proto.prometheus.ChunkedReadResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads a {@code STREAMED_XOR_CHUNKS} remote-read body frame by frame as it arrives (Prometheus's
 * {@code ChunkedReader}): {@code uvarint(len) · be32 CRC32C(msg) · msg}, where {@code msg} is a
 * {@code ChunkedReadResponse}. Only one frame is in memory at a time.
 *
 * <p>Each frame gets a fresh array and protobuf aliases the chunk bytes into it, so chunk data reaches the caller
 * without a copy and stays valid after the next frame is read.
 *
 * <p>A Prometheus that fails after it started streaming cannot change the status code any more, so it appends
 * its error text to the body; that text then fails as a frame. Errors therefore quote what follows the bad
 * frame header, which usually is Prometheus's message.
 */
public final class ChunkedFrameReader {
  /** Prometheus's default client limit ({@code config.DefaultChunkedReadLimit}). */
  public static final long DEFAULT_MAX_FRAME_BYTES = 50_000_000L;

  private final InputStream in;
  private final long maxFrameBytes;
  private final CRC32C crc = new CRC32C();
  private long offset;
  private long frames;

  public ChunkedFrameReader(InputStream in, long maxFrameBytes) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 64 * 1024);
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes consumed so far. */
  public long offset() {
    return offset;
  }

  /** Frames read so far. */
  public long frames() {
    return frames;
  }

  /**
   * The next frame's message, or null at the end of the body (which may only come between frames).
   *
   * @throws CorruptFrameException for a truncated, oversized, CRC-failing or unparsable frame, naming its offset
   */
  public ChunkedReadResponse next() throws IOException {
    long start = offset;
    long size = 0;
    int shift = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (shift == 0) {
          return null;
        }
        throw new CorruptFrameException(start, "body ends inside the frame's length prefix");
      }
      offset++;
      if (shift == 63 && b > 1) {
        throw new CorruptFrameException(start, "length prefix overflows 64 bits" + trailer(b));
      }
      size |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new CorruptFrameException(start, "length prefix longer than 10 bytes" + trailer(-1));
      }
    }
    if (size > maxFrameBytes) {
      throw new CorruptFrameException(start, "declares " + size + " bytes, more than the limit of " + maxFrameBytes
          + trailer(-1));
    }
    byte[] crcBytes = in.readNBytes(4);
    offset += crcBytes.length;
    if (crcBytes.length < 4) {
      throw new CorruptFrameException(start, "body ends inside the frame's CRC32C");
    }
    long expected = ((crcBytes[0] & 0xFFL) << 24) | ((crcBytes[1] & 0xFFL) << 16) | ((crcBytes[2] & 0xFFL) << 8)
        | (crcBytes[3] & 0xFFL);
    byte[] msg = in.readNBytes((int) size);
    offset += msg.length;
    if (msg.length < size) {
      throw new CorruptFrameException(start, "body ends after " + msg.length + " of the frame's " + size + " bytes");
    }
    crc.reset();
    crc.update(msg, 0, msg.length);
    long actual = crc.getValue();
    if (actual != expected) {
      throw new CorruptFrameException(start, String.format("CRC32C mismatch: frame says %08x, its %d bytes give %08x%s",
          expected, size, actual, quote(msg)));
    }
    try {
      CodedInputStream cis = CodedInputStream.newInstance(msg);
      cis.enableAliasing(true);
      ChunkedReadResponse r = ChunkedReadResponse.parseFrom(cis);
      frames++;
      return r;
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptFrameException(start, "not a ChunkedReadResponse: " + e.getMessage(), e);
    }
  }

  /** What follows a bad header, as text: most likely the error Prometheus appended to the stream. */
  private String trailer(int firstByte) {
    try {
      byte[] rest = in.readNBytes(256);
      String head = firstByte >= 0 ? String.valueOf((char) firstByte) : "";
      return quote(concat(head.getBytes(StandardCharsets.ISO_8859_1), rest));
    } catch (IOException e) {
      return "";
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The bytes as text if they look like text (an appended error message), else nothing. */
  private static String quote(byte[] bytes) {
    int n = Math.min(bytes.length, 256);
    if (n == 0) {
      return "";
    }
    int printable = 0;
    for (int i = 0; i < n; i++) {
      int c = bytes[i] & 0xFF;
      if (c >= 0x20 && c < 0x7F || c == '\n' || c == '\t') {
        printable++;
      }
    }
    if (printable < n * 9 / 10) {
      return "";
    }
    return "; the stream continues with \"" + new String(bytes, 0, n, StandardCharsets.UTF_8).trim() + "\"";
  }
}
