package io.strata.store.prometheus;

import java.io.IOException;

/** A streamed remote-read frame that cannot be read: truncated, too large, failing its CRC, or not protobuf. */
public final class CorruptFrameException extends IOException {
  private final long offset;

  public CorruptFrameException(long offset, String message) {
    super("remote-read frame at byte offset " + offset + ": " + message);
    this.offset = offset;
  }

  public CorruptFrameException(long offset, String message, Throwable cause) {
    super("remote-read frame at byte offset " + offset + ": " + message, cause);
    this.offset = offset;
  }

  /** Where the frame starts in the response body. */
  public long offset() {
    return offset;
  }
}
