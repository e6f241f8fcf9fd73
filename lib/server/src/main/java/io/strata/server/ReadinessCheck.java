package io.strata.server;

/**
 * Something {@code /-/ready} waits for, such as the store gateway's first block sync. Declare one as a bean; the
 * service is ready when every check is.
 */
public interface ReadinessCheck {
  /** What is being waited for, for logs: {@code first block sync}. */
  String name();

  /** Whether this part is ready now. Called on every probe: must be cheap and must not block. */
  boolean ready();

  static ReadinessCheck of(String name, java.util.function.BooleanSupplier ready) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean ready() {
        return ready.getAsBoolean();
      }
    };
  }
}
