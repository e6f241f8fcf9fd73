package io.strata.promql.engine;

/**
 * Kahan-Babuska-Neumaier compensated summation, as Prometheus' {@code util/kahansum}: the running sum and
 * its compensation are kept apart and only added at the end; an infinite sum resets the compensation.
 */
final class Kahan {
  double sum;
  double c;

  Kahan() {}

  Kahan(double sum) {
    this.sum = sum;
  }

  void add(double inc) {
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      c = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      c += (sum - t) + inc;
    } else {
      c += (inc - t) + sum;
    }
    sum = t;
  }

  /** Adds {@code inc} to {@code sums[i]} with compensation {@code cs[i]}. */
  static void add(double[] sums, double[] cs, int i, double inc) {
    double sum = sums[i];
    double t = sum + inc;
    if (Double.isInfinite(t)) {
      cs[i] = 0;
    } else if (Math.abs(sum) >= Math.abs(inc)) {
      cs[i] += (sum - t) + inc;
    } else {
      cs[i] += (inc - t) + sum;
    }
    sums[i] = t;
  }
}
