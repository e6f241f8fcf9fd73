/**
 * The PromQL evaluator. An expression is planned into a tree of pull-based operators that pass whole series
 * (one value per evaluation step, {@link io.strata.promql.engine.StepSeries}) from storage upwards, one series
 * at a time. Selectors, range functions, element-wise functions and most aggregations therefore stream: memory
 * grows with the groups and series an operator must keep (its output), not with the raw samples read.
 * Operators that must see every series at once (vector matching, {@code sort}, {@code topk} in instant
 * queries, {@code histogram_quantile}, label rewriting) materialise their input.
 *
 * <p>Semantics follow Prometheus' {@code promql/engine.go} and {@code promql/functions.go}: lookback delta,
 * stale markers, left-open ranges, {@code offset} and {@code @}, step-invariant sub-expressions evaluated once,
 * subquery step alignment, the {@code __name__} dropping rules in both the default and the delayed mode, and the
 * same error texts. {@link io.strata.promql.engine.Functions} is the one table of functions.
 */
package io.strata.promql.engine;
