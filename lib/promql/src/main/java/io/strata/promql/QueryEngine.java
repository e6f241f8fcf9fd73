package io.strata.promql;

import io.strata.promql.storage.Queryable;

/**
 * Prepares PromQL queries against a {@link Queryable}. Times are milliseconds since the epoch.
 * Implementations are thread-safe; each {@link Query} is used by one caller.
 */
public interface QueryEngine {
  /**
   * An instant query at {@code time}.
   *
   * @throws io.strata.promql.parser.ParseException if the expression does not parse
   */
  Query instant(Queryable queryable, String expr, long time, QueryOptions options);

  /**
   * A range query evaluated at {@code start, start+step, ... <= end}.
   *
   * @throws io.strata.promql.parser.ParseException if the expression does not parse
   * @throws PromQLException ({@link ErrorType#BAD_DATA}) if the expression is not a scalar or instant vector,
   *     the step is not positive, {@code end < start}, or the range has more than 11,000 steps
   */
  Query range(Queryable queryable, String expr, long start, long end, long step, QueryOptions options);
}
