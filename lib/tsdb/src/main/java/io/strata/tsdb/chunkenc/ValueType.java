package io.strata.tsdb.chunkenc;

/** What a {@link SampleIterator} is positioned on; mirrors Prometheus' {@code chunkenc.ValueType}. */
public enum ValueType {
  /** No sample: the iterator is exhausted (or was never positioned). */
  NONE,
  FLOAT,
  HISTOGRAM,
  FLOAT_HISTOGRAM
}
