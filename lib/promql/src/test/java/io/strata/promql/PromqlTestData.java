package io.strata.promql;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates Prometheus's PromQL conformance files, which are read in place from the shared reference
 * folder beside the repository (they are not copied into it). Looked up, in order: the system property
 * {@code promqltest.dir}, the environment variable {@code STRATA_SHARED_DIR} ({@code <dir>/reference/promqltest}),
 * then {@code shared/reference/promqltest} next to the working directory or any of its ancestors (the
 * layout is {@code <parent>/shared} beside {@code <parent>/<clone>}).
 */
public final class PromqlTestData {
  private PromqlTestData() {}

  /** The directory, or aborts the calling test (reported as skipped) with a message saying where it looked. */
  public static Path dir() {
    String prop = System.getProperty("promqltest.dir");
    if (prop != null) {
      return Paths.get(prop);
    }
    String env = System.getenv("STRATA_SHARED_DIR");
    if (env != null && Files.isDirectory(Paths.get(env, "reference", "promqltest"))) {
      return Paths.get(env, "reference", "promqltest");
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("reference").resolve("promqltest");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    Assumptions.abort("PromQL conformance data not found: set -Dpromqltest.dir or STRATA_SHARED_DIR, or place the "
        + "shared folder beside the repository (looked for shared/reference/promqltest in "
        + Paths.get("").toAbsolutePath() + " and its ancestors)");
    return null;
  }
}
