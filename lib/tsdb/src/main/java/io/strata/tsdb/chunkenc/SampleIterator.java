package io.strata.tsdb.chunkenc;

/**
 * Forward-only cursor over the samples of one chunk (or of a sequence of chunks), in timestamp order.
 *
 * <p>Samples are exposed as primitives through {@link #atT()} and {@link #atValue()} so that the hot loop of
 * a query allocates nothing. Implementations are not thread-safe and are meant to be reused: a caller keeps
 * one iterator and repositions it on the next chunk instead of creating a new one.
 */
public interface SampleIterator {

  /**
   * Advances to the next sample.
   *
   * @return the type of the sample now current, or {@link ValueType#NONE} once there are no more samples;
   *     after {@code NONE} every further call returns {@code NONE}
   * @throws CorruptChunkException if the underlying data cannot be decoded
   */
  ValueType next();

  /**
   * Advances to the first sample whose timestamp is {@code >= t}. Never moves backwards: if the current
   * sample already satisfies the condition it stays current. An iterator that has not been advanced yet is
   * advanced at least once.
   *
   * @return the type of the sample now current, or {@link ValueType#NONE} if no such sample exists
   * @throws CorruptChunkException if the underlying data cannot be decoded
   */
  ValueType seek(long t);

  /** Timestamp in milliseconds of the current sample; unspecified unless the last move returned a type. */
  long atT();

  /** Value of the current float sample; unspecified unless the last move returned {@link ValueType#FLOAT}. */
  double atValue();
}
