package io.strata.httpapi;

import io.strata.promql.ErrorType;

/**
 * The {@code errorType} values of the Prometheus HTTP API and the HTTP status each is answered with, as in
 * Prometheus's {@code getDefaultErrorCode} ({@code canceled} is nginx's 499 "client closed request").
 */
public enum ApiErrorType {
  BAD_DATA("bad_data", 400),
  EXECUTION("execution", 422),
  TIMEOUT("timeout", 503),
  CANCELED("canceled", 499),
  INTERNAL("internal", 500),
  UNAVAILABLE("unavailable", 500),
  NOT_FOUND("not_found", 404),
  NOT_ACCEPTABLE("not_acceptable", 406);

  private final String apiName;
  private final int status;

  ApiErrorType(String apiName, int status) {
    this.apiName = apiName;
    this.status = status;
  }

  /** The JSON {@code errorType} value. */
  public String apiName() {
    return apiName;
  }

  /** The HTTP status code of an error of this type. */
  public int status() {
    return status;
  }

  /** The API error type of a PromQL engine error. */
  public static ApiErrorType of(ErrorType t) {
    return switch (t) {
      case BAD_DATA -> BAD_DATA;
      case EXECUTION -> EXECUTION;
      case TIMEOUT -> TIMEOUT;
      case CANCELED -> CANCELED;
      case INTERNAL -> INTERNAL;
    };
  }
}
