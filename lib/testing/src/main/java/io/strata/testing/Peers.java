package io.strata.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real peers the tests compare against (Prometheus and promtool from the Debian package). On a developer
 * machine without them the calling test is skipped with a message; in CI ({@code CI=true}) a missing peer fails the
 * run, because a silently skipped compatibility test proves nothing.
 */
public final class Peers {
  private Peers() {}

  /** The path of {@code binary} on the PATH, or skips (fails in CI) the calling test. */
  public static Path require(String binary) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, binary);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String msg = binary + " not found on the PATH; install the Debian package 'prometheus' (apt-get install prometheus)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(msg);
    }
    Assumptions.abort(msg);
    return null;
  }
}
