package io.strata.query.endpoints;

/**
 * One {@code --endpoint} (or legacy {@code --store}) value, in Thanos's service-discovery syntax:
 * <ul>
 *   <li>{@code host:port} — used as given (gRPC resolves the name itself);
 *   <li>{@code dns+host:port} — the A/AAAA records of {@code host}, each with {@code port}, re-resolved every
 *       {@code --store.sd-dns-interval};
 *   <li>{@code dnssrv+_grpc._tcp.name} — the SRV records' targets and ports, targets resolved to addresses;
 *   <li>{@code dnssrvnoa+_grpc._tcp.name} — the SRV records' {@code target:port} without address lookup.
 * </ul>
 */
public record EndpointSpec(Kind kind, String host, int port, String text) {
  /** How a spec becomes addresses. */
  public enum Kind { STATIC, DNS, DNS_SRV, DNS_SRV_NO_A }

  /**
   * @throws IllegalArgumentException naming the value when it is not one of the forms above
   */
  public static EndpointSpec parse(String text) {
    String s = text.trim();
    if (s.startsWith("dnssrv+")) {
      return srv(Kind.DNS_SRV, s.substring("dnssrv+".length()), text);
    }
    if (s.startsWith("dnssrvnoa+")) {
      return srv(Kind.DNS_SRV_NO_A, s.substring("dnssrvnoa+".length()), text);
    }
    if (s.startsWith("dns+")) {
      return hostPort(Kind.DNS, s.substring("dns+".length()), text);
    }
    if (s.contains("+")) {
      throw new IllegalArgumentException("endpoint \"" + text + "\": unknown lookup type \""
          + s.substring(0, s.indexOf('+')) + "\" (use host:port, dns+host:port, dnssrv+name or dnssrvnoa+name)");
    }
    return hostPort(Kind.STATIC, s, text);
  }

  private static EndpointSpec srv(Kind kind, String name, String text) {
    if (name.isEmpty() || name.contains(":")) {
      throw new IllegalArgumentException("endpoint \"" + text + "\": an SRV name takes no port, e.g. dnssrv+_grpc._tcp.store");
    }
    return new EndpointSpec(kind, name, 0, text);
  }

  private static EndpointSpec hostPort(Kind kind, String hp, String text) {
    int colon = hp.lastIndexOf(':');
    if (colon <= 0 || colon == hp.length() - 1) {
      throw new IllegalArgumentException("endpoint \"" + text + "\": expected host:port");
    }
    String host = hp.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(hp.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("endpoint \"" + text + "\": port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("endpoint \"" + text + "\": port out of range");
    }
    return new EndpointSpec(kind, host, port, text);
  }

  /** {@code host:port} with IPv6 hosts in brackets. */
  public static String address(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
