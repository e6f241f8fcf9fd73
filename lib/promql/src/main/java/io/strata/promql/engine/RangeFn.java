package io.strata.promql.engine;

/** A function over a range vector ({@code rate}, {@code avg_over_time}, ...), evaluated per series and step. */
@FunctionalInterface
interface RangeFn {
  /**
   * Computes the value for one non-empty window.
   *
   * @return false when the window yields no value (e.g. {@code rate} of a single sample)
   */
  boolean apply(Window w, RangeCall call);
}
