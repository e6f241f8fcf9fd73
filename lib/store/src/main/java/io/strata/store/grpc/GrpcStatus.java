package io.strata.store.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.strata.store.StoreException;

/**
 * Maps {@link StoreException} codes to gRPC statuses and back. The codes share names one to one; a remote
 * status outside the StoreAPI's subset (UNKNOWN, UNIMPLEMENTED, ...) becomes INTERNAL locally, with the
 * original code kept in the message.
 */
public final class GrpcStatus {
  private GrpcStatus() {}

  /** The status a server sends for a failure; messages are kept, other exceptions become INTERNAL. */
  public static Status toStatus(Throwable t) {
    if (t instanceof StoreException e) {
      return Status.fromCode(Status.Code.valueOf(e.code().name())).withDescription(e.getMessage());
    }
    if (t instanceof StatusRuntimeException e) {
      return e.getStatus();
    }
    if (t instanceof StatusException e) {
      return e.getStatus();
    }
    return Status.INTERNAL.withDescription(t.toString()).withCause(t);
  }

  /** A client-side failure of a call to {@code target}, as a StoreException. */
  public static StoreException toStoreException(Status status, String what, String target) {
    StoreException.Code code = switch (status.getCode()) {
      case INVALID_ARGUMENT -> StoreException.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> StoreException.Code.NOT_FOUND;
      case RESOURCE_EXHAUSTED -> StoreException.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> StoreException.Code.UNAVAILABLE;
      case DEADLINE_EXCEEDED -> StoreException.Code.DEADLINE_EXCEEDED;
      case CANCELLED -> StoreException.Code.CANCELLED;
      case ABORTED -> StoreException.Code.ABORTED;
      default -> StoreException.Code.INTERNAL;
    };
    String desc = status.getDescription() == null ? "" : ": " + status.getDescription();
    return new StoreException(code, what + " from " + target + " failed with " + status.getCode() + desc,
        status.getCause());
  }
}
