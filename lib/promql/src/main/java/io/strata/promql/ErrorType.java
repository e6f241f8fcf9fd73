package io.strata.promql;

/** The {@code errorType} of the Prometheus HTTP API that an error maps to. */
public enum ErrorType {
  /** Unparsable query or parameters (HTTP 400). */
  BAD_DATA("bad_data"),
  /** Evaluation failed, including the sample limit (HTTP 422). */
  EXECUTION("execution"),
  /** The query timed out (HTTP 503). */
  TIMEOUT("timeout"),
  /** The query was canceled (HTTP 499). */
  CANCELED("canceled"),
  /** Storage failed (HTTP 500). */
  INTERNAL("internal");

  private final String apiName;

  ErrorType(String apiName) {
    this.apiName = apiName;
  }

  /** The value of the HTTP API's {@code errorType} field. */
  public String apiName() {
    return apiName;
  }
}
