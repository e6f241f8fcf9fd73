package io.strata.httpapi;

/**
 * A request the API answers with an error envelope: the type decides {@code errorType} and the status code,
 * the message is shown to the user verbatim (Grafana prints it under the panel).
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ApiErrorType type;

  public ApiException(ApiErrorType type, String message) {
    super(message, null, false, false);
    this.type = type;
  }

  public ApiException(ApiErrorType type, String message, Throwable cause) {
    super(message, cause, false, false);
    this.type = type;
  }

  public ApiErrorType type() {
    return type;
  }

  /** Prometheus's {@code invalidParamError}: {@code invalid parameter "<name>": <cause>}, bad_data. */
  public static ApiException invalidParameter(String name, String cause) {
    return new ApiException(ApiErrorType.BAD_DATA, "invalid parameter \"" + name + "\": " + cause);
  }

  public static ApiException badData(String message) {
    return new ApiException(ApiErrorType.BAD_DATA, message);
  }
}
