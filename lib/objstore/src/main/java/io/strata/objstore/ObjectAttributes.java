package io.strata.objstore;

import java.time.Instant;
import java.util.Objects;

/**
 * What a bucket knows about an object without reading it.
 *
 * @param size         length in bytes
 * @param lastModified when the current version was stored (S3 reports whole seconds)
 */
public record ObjectAttributes(long size, Instant lastModified) {
  public ObjectAttributes {
    if (size < 0) {
      throw new IllegalArgumentException("negative object size " + size);
    }
    Objects.requireNonNull(lastModified, "lastModified");
  }
}
