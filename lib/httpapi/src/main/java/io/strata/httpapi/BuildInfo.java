package io.strata.httpapi;

/**
 * {@code /api/v1/status/buildinfo}. Grafana reads {@code version} for feature detection and treats a
 * {@code features} member as "this is Mimir", so there is none.
 */
public record BuildInfo(String version, String revision, String branch, String buildUser, String buildDate,
    String goVersion) {

  /** The running Strata build: version from the jar manifest, the Java runtime in place of Go's version. */
  public static BuildInfo current() {
    Package p = BuildInfo.class.getPackage();
    String version = p == null || p.getImplementationVersion() == null ? "0.1.0-SNAPSHOT" : p.getImplementationVersion();
    return new BuildInfo(version, "", "", "", "", "java" + Runtime.version().feature() + "." + Runtime.version().interim()
        + "." + Runtime.version().update());
  }
}
