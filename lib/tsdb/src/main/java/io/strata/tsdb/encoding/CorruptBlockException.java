package io.strata.tsdb.encoding;

import java.io.IOException;

/**
 * A block file does not decode: bad magic, bad CRC, truncated section, out-of-order entries. The
 * message names the file and the byte offset so a user can find the damage.
 */
public class CorruptBlockException extends IOException {
  private final String file;
  private final long offset;

  public CorruptBlockException(String file, long offset, String problem) {
    super(file + (offset >= 0 ? " at offset " + offset : "") + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  public CorruptBlockException(String file, long offset, String problem, Throwable cause) {
    this(file, offset, problem);
    initCause(cause);
  }

  public String file() {
    return file;
  }

  /** Offset in the file where the problem was found, or -1 if not about one place. */
  public long offset() {
    return offset;
  }
}
