package io.strata.objstore;

import java.io.IOException;

/** Thrown when an operation needs an object that does not exist in the bucket. */
public class ObjectNotFoundException extends IOException {
  private final String objectName;

  public ObjectNotFoundException(String bucket, String objectName) {
    this(bucket, objectName, null);
  }

  public ObjectNotFoundException(String bucket, String objectName, Throwable cause) {
    super("object " + objectName + " not found in bucket " + bucket, cause);
    this.objectName = objectName;
  }

  /** The name of the missing object, as the caller gave it. */
  public String objectName() {
    return objectName;
  }
}
