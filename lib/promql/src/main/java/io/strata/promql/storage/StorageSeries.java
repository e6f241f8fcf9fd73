package io.strata.promql.storage;

import io.strata.model.Labels;
import io.strata.tsdb.chunkenc.SampleIterator;

/** One selected series. */
public interface StorageSeries {
  Labels labels();

  /**
   * An iterator over the series' samples in time order, reusing {@code reuse} when the implementation can
   * (it may be null or of another type).
   */
  SampleIterator iterator(SampleIterator reuse);
}
