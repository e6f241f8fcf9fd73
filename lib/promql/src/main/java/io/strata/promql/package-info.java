/**
 * Strata's PromQL library: the {@link io.strata.promql.QueryEngine} API, result values
 * ({@link io.strata.promql.Scalar}, {@link io.strata.promql.StringValue}, {@link io.strata.promql.Vector},
 * {@link io.strata.promql.Matrix}), {@link io.strata.promql.Annotations} (warnings and infos for the HTTP API's
 * {@code warnings}/{@code infos} fields) and the errors a query can end with, each carrying the
 * {@link io.strata.promql.ErrorType} the HTTP API maps to a status code.
 *
 * <p>Sub-packages: {@code ast} (syntax tree and printer), {@code parser}, {@code storage} (the
 * {@code Queryable} the engine reads from) and {@code engine} (the evaluator).
 */
package io.strata.promql;
