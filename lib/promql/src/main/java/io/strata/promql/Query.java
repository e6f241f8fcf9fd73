package io.strata.promql;

import io.strata.promql.ast.Expr;

/**
 * A prepared query. {@link #exec()} may be called once; {@link #cancel()} may be called from any thread and
 * makes a running {@code exec()} fail with {@link ErrorType#CANCELED}.
 */
public interface Query extends AutoCloseable {
  /**
   * Evaluates the query.
   *
   * @throws PromQLException with the Prometheus error text and {@link ErrorType} when evaluation fails
   */
  Result exec();

  /** Asks a running evaluation to stop; harmless when none is running. */
  void cancel();

  /** The parsed expression. */
  Expr expr();

  /** The query text. */
  String query();

  @Override
  default void close() {}
}
