package io.strata.promql.storage;

import io.strata.model.LabelMatcher;
import java.io.Closeable;
import java.util.List;

/** Reads series for one query. Not thread-safe. */
public interface Querier extends Closeable {
  /**
   * Selects the series matching all {@code matchers}.
   *
   * @param sorted whether series must come in label order (the engine does not need it)
   * @param hints what the engine will read, so that a remote store can narrow its work; may be null
   */
  SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers);

  /** Values of label {@code name} on series matching {@code matchers}, sorted. */
  List<String> labelValues(String name, LabelMatcher... matchers);

  /** Label names present on series matching {@code matchers}, sorted. */
  List<String> labelNames(LabelMatcher... matchers);

  @Override
  void close();
}
