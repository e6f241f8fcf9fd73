package io.strata.promql.engine;

import io.strata.model.Labels;
import io.strata.promql.ast.PositionRange;

/**
 * What a range function gets besides the window, for one step: the evaluation time, the window bounds used
 * for extrapolation, scalar arguments at this step, and a place for the result. One instance is reused for
 * all steps of a query node.
 */
final class RangeCall {
  /** Evaluation time of the step (ms). */
  long stepTime;
  /** Exclusive start and inclusive end of the window (ms). */
  long rangeStart;
  long rangeEnd;
  /** The selector's range (ms). */
  long rangeMillis;
  /** Scalar arguments other than the range vector, at this step, in argument order. */
  double[] args;
  /** Labels of the input series, for annotations. */
  Labels metric;
  /** Position of the range vector argument and of the first scalar argument, for annotations. */
  PositionRange matrixPosition;
  PositionRange paramPosition;
  QueryContext context;
  /** Experimental extended range selectors: the window reaches a lookback delta beyond the range. */
  boolean anchored;
  boolean smoothed;
  /** The function's result for this step. */
  double result;
}
