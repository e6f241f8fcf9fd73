package io.strata.store;

/**
 * A StoreAPI call failed. The code maps one to one onto a gRPC status code, so a remote caller sees the
 * same failure a local one does; the message says what was being done and with what.
 */
public class StoreException extends RuntimeException {
  /** The subset of gRPC status codes the StoreAPI uses. */
  public enum Code {
    INVALID_ARGUMENT,
    NOT_FOUND,
    RESOURCE_EXHAUSTED,
    UNAVAILABLE,
    DEADLINE_EXCEEDED,
    CANCELLED,
    ABORTED,
    INTERNAL
  }

  private final Code code;

  public StoreException(Code code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Code code() {
    return code;
  }
}
