package io.strata.promclient;

import java.io.IOException;

/**
 * A Prometheus HTTP API call returned an error status or an {@code "status":"error"} body. The message names
 * the endpoint and carries Prometheus's own error text.
 */
public class PrometheusApiException extends IOException {
  private final int statusCode;

  public PrometheusApiException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /** The HTTP status code (200 when the body reported the error). */
  public int statusCode() {
    return statusCode;
  }

  /** Whether the endpoint does not exist on this Prometheus (older versions lack some). */
  public boolean isNotFound() {
    return statusCode == 404;
  }
}
