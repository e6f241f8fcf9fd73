package io.strata.tsdb.encoding;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random access to the bytes of one file. Readers of the index and chunk formats are written against
 * this, never against whole files, so the same reader works over a memory-mapped local file, an
 * in-memory array, or an object in a bucket fetched by ranged GETs.
 *
 * <p>Implementations must be safe for concurrent {@link #read} calls.
 */
public interface ByteSource extends Closeable {
  /** A name for error messages, e.g. the file path or bucket object name. */
  String name();

  long size() throws IOException;

  /**
   * Returns {@code length} bytes starting at {@code offset} as a big-endian buffer with position 0
   * and limit {@code length}. The buffer may be a view of shared memory: callers must not write to
   * it and must not use it after {@link #close()}.
   *
   * @throws CorruptBlockException if the range extends past the end of the source
   */
  ByteBuffer read(long offset, int length) throws IOException;

  /** Checks that a range lies inside a source of {@code size} bytes, naming the source otherwise. */
  static void checkRange(String name, long size, long offset, long length) throws CorruptBlockException {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new CorruptBlockException(name, offset,
          "read of " + length + " bytes past the end of the file (size " + size + ")");
    }
  }
}
