package io.strata.server;

/**
 * A listen address as Thanos flags write it: {@code 0.0.0.0:10902}, {@code :10902} (all interfaces),
 * {@code [::1]:10901}, {@code localhost:0} (any free port).
 */
public record HostPort(String host, int port) {
  /**
   * @throws IllegalArgumentException naming the flag value when it is not {@code host:port}
   */
  public static HostPort parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("address \"" + s + "\" is not host:port");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address \"" + s + "\" has no numeric port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address \"" + s + "\" has a port out of range");
    }
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
