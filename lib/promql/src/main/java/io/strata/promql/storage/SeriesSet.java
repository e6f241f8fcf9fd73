package io.strata.promql.storage;

import java.util.List;

/** A pull-based stream of selected series. */
public interface SeriesSet {
  /**
   * Moves to the next series.
   *
   * @return false when there are no more series
   * @throws RuntimeException on storage failure (the engine reports it as an internal error)
   */
  boolean next();

  /** The current series; valid until the next call to {@link #next()}. */
  StorageSeries at();

  /** Warnings to show to the user, e.g. partial responses; may grow while iterating. */
  default List<String> warnings() {
    return List.of();
  }

  SeriesSet EMPTY = new SeriesSet() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public StorageSeries at() {
      throw new IllegalStateException("empty series set");
    }
  };
}
