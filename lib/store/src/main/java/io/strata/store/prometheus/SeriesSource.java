package io.strata.store.prometheus;

import java.io.IOException;

/** A pull-based sequence of series; each stage of the remote-read pipeline is one. */
interface SeriesSource extends AutoCloseable {
  /** The next series, or null at the end. */
  RemoteSeries next() throws IOException;

  @Override
  void close();
}
