package io.strata.promql.parser;

import io.strata.promql.ErrorType;
import io.strata.promql.PromQLException;
import io.strata.promql.ast.PositionRange;

/**
 * A query that cannot be parsed or type-checked. {@link #getMessage()} reads like Prometheus':
 * {@code 1:5: parse error: unexpected end of input}.
 */
public final class ParseException extends PromQLException {
  private static final long serialVersionUID = 1L;

  private final transient PositionRange position;
  private final String reason;
  private final String query;

  public ParseException(PositionRange position, String reason, String query) {
    super(ErrorType.BAD_DATA, position.lineColumn(query) + ": parse error: " + reason);
    this.position = position;
    this.reason = reason;
    this.query = query;
  }

  /** Where in the query the problem is. */
  public PositionRange position() {
    return position;
  }

  /** The message without position prefix, e.g. {@code unexpected end of input}. */
  public String reason() {
    return reason;
  }

  public String query() {
    return query;
  }
}
