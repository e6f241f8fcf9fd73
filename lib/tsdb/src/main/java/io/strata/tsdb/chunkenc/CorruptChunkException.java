package io.strata.tsdb.chunkenc;

/**
 * Chunk bytes that cannot be decoded: truncated, or holding field values no encoder produces.
 *
 * <p>Unchecked because it surfaces from {@link SampleIterator#next()}, which sits in the innermost query
 * loop. Callers that know the file and chunk reference should wrap it with that context.
 */
public final class CorruptChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long byteOffset;

  /**
   * @param message what was being decoded and what was wrong
   * @param byteOffset offset from the start of the chunk (its 2-byte header included) where decoding failed
   */
  public CorruptChunkException(String message, long byteOffset) {
    super(message + " (at chunk byte offset " + byteOffset + ")");
    this.byteOffset = byteOffset;
  }

  /** Offset from the start of the chunk where decoding failed. */
  public long byteOffset() {
    return byteOffset;
  }
}
