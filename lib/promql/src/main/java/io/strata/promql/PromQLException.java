package io.strata.promql;

/**
 * Why a query failed; the message is the text Prometheus would report (e.g.
 * {@code vector cannot contain metrics with the same labelset}). Annotations gathered before the failure are
 * kept, as Prometheus returns them alongside the error.
 */
public class PromQLException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorType errorType;
  private transient Annotations annotations = Annotations.EMPTY;

  public PromQLException(ErrorType errorType, String message) {
    super(message, null, false, false);
    this.errorType = errorType;
  }

  public PromQLException(ErrorType errorType, String message, Throwable cause) {
    super(message, cause, false, false);
    this.errorType = errorType;
  }

  public ErrorType errorType() {
    return errorType;
  }

  public Annotations annotations() {
    return annotations;
  }

  public PromQLException withAnnotations(Annotations a) {
    this.annotations = a;
    return this;
  }

  /** Evaluation error, e.g. many-to-many matching or duplicate series. */
  public static PromQLException execution(String message) {
    return new PromQLException(ErrorType.EXECUTION, message);
  }

  /** Prometheus' {@code ErrTooManySamples}. */
  public static PromQLException tooManySamples() {
    return new PromQLException(ErrorType.EXECUTION,
        "query processing would load too many samples into memory in query execution");
  }

  /** Prometheus' {@code ErrQueryTimeout}. */
  public static PromQLException timeout(String where) {
    return new PromQLException(ErrorType.TIMEOUT, "query timed out in " + where);
  }

  /** Prometheus' {@code ErrQueryCanceled}. */
  public static PromQLException canceled(String where) {
    return new PromQLException(ErrorType.CANCELED, "query was canceled in " + where);
  }

  /** Invalid query parameters, such as too many points per series. */
  public static PromQLException badData(String message) {
    return new PromQLException(ErrorType.BAD_DATA, message);
  }

  /** Storage failure while reading series. */
  public static PromQLException storage(String message, Throwable cause) {
    return new PromQLException(ErrorType.INTERNAL, message, cause);
  }
}
