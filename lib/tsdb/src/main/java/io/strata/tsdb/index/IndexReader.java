package io.strata.tsdb.index;

import java.io.Closeable;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Read access to a block's index: the same interface for a persisted block and (later) the
 * receiver's in-memory head. Implementations are thread-safe.
 */
public interface IndexReader extends Closeable {
  /** Every symbol (label names and values, possibly unused ones) in ascending UTF-8 order. */
  Iterator<String> symbols() throws IOException;

  /** Label names present in the block, ascending. */
  List<String> labelNames() throws IOException;

  /** Values of a label name present in the block, ascending; empty if the name is absent. */
  List<String> labelValues(String name) throws IOException;

  /**
   * Series having label {@code name} with any of {@code values} (which need not be sorted), in
   * ascending reference order. {@code postings("", "")} is every series.
   */
  Postings postings(String name, List<String> values) throws IOException;

  /** Series whose value of label {@code name} satisfies {@code accept}; absent labels are not visited. */
  Postings postingsForValues(String name, java.util.function.Predicate<String> accept) throws IOException;

  default Postings allPostings() throws IOException {
    return postings("", List.of(""));
  }

  /**
   * Fills {@code into} with the labels and chunk metas of the series at {@code ref}.
   *
   * @throws io.strata.tsdb.encoding.CorruptBlockException if the entry does not decode or fails its CRC
   */
  void series(long ref, SeriesEntry into) throws IOException;
}
