package io.strata.tsdb.chunks;

import java.io.Closeable;
import java.io.IOException;

/** Reads chunks by the references stored in the index. Thread-safe. */
public interface ChunkReader extends Closeable {
  /**
   * Reads the chunk at {@code ref}; {@code minTime}/{@code maxTime} come from the index entry and are
   * carried into the result.
   *
   * @throws io.strata.tsdb.encoding.CorruptBlockException if the reference points outside the segment
   *     files or the record does not decode
   */
  Chunk chunk(long ref, long minTime, long maxTime) throws IOException;
}
