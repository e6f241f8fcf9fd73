package io.strata.promql.engine;

/** An element-wise function of instant vector values ({@code abs}, {@code clamp}, {@code hour}, ...). */
@FunctionalInterface
interface InstantFn {
  /**
   * @param v the sample value
   * @param args the scalar arguments after the vector at this step ({@code clamp}'s min and max, ...)
   */
  double apply(double v, double[] args);
}
