package io.strata.store.bucket;

import io.strata.store.StoreException;
import io.strata.tsdb.encoding.CorruptBlockException;
import java.io.IOException;

/** Maps failures while serving a block onto the StoreAPI's error codes. */
final class StoreErrors {
  private StoreErrors() {}

  /**
   * A failure while serving, as the StoreAPI reports it: corrupt data is INTERNAL, other I/O (the bucket) is
   * UNAVAILABLE, StoreExceptions (limits) pass through.
   */
  static StoreException of(String what, Throwable e) {
    if (e instanceof StoreException s) {
      return s;
    }
    if (e instanceof CorruptBlockException) {
      return new StoreException(StoreException.Code.INTERNAL, what + ": " + e.getMessage(), e);
    }
    if (e instanceof IOException) {
      return new StoreException(StoreException.Code.UNAVAILABLE, what + ": " + e.getMessage(), e);
    }
    return new StoreException(StoreException.Code.INTERNAL, what + ": " + e, e);
  }
}
