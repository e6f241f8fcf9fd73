package io.strata.server;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's readiness: every {@link ReadinessCheck} is ready and the service is not shutting down. Logs the
 * moment it first turns ready, since operators look for it.
 */
public final class Readiness {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);

  private final List<ReadinessCheck> checks;
  private volatile boolean stopping;
  private volatile boolean announced;

  public Readiness(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  public boolean ready() {
    if (stopping) {
      return false;
    }
    for (ReadinessCheck c : checks) {
      if (!c.ready()) {
        return false;
      }
    }
    if (!announced) {
      announced = true;
      log.info("msg=\"service is ready\" checks={}", checks.stream().map(ReadinessCheck::name).toList());
    }
    return true;
  }

  /** The checks not ready yet, for the 503 body. */
  public List<String> pending() {
    return checks.stream().filter(c -> !c.ready()).map(ReadinessCheck::name).toList();
  }

  /** Shutdown started: load balancers should stop sending requests. */
  public void stopping() {
    stopping = true;
  }
}
