package io.strata.promql.engine;

import io.strata.model.Labels;

/**
 * The series of a range vector argument (a matrix selector or a subquery), one at a time, each able to slide
 * a {@link Window} forward over its points.
 */
interface RangeSource {
  /** Moves to the next series; false at the end. */
  boolean nextSeries();

  Labels labels();

  /** Whether the input series is already marked to lose its name (from a subquery). */
  boolean dropName();

  /**
   * Moves the window of the current series to {@code (mint, maxt]}: drops older points, appends newer ones
   * (stale markers excluded). Successive calls must not move backwards.
   *
   * @return the change in the number of points held
   */
  int slide(Window w, long mint, long maxt);

  /** Restarts sliding for the current series (before its first window). */
  void rewind(Window w);
}
