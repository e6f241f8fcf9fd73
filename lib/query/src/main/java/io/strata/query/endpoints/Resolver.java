package io.strata.query.endpoints;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;

/** DNS lookups for endpoint discovery; tests substitute a fixed table. */
public interface Resolver {
  /** An SRV record's target and port. */
  record Srv(String target, int port) {}

  /** The addresses of {@code host} (A and AAAA), as strings. */
  List<String> lookupHost(String host) throws IOException;

  /** The SRV records of {@code name}. */
  List<Srv> lookupSrv(String name) throws IOException;

  /** The system resolver for addresses; JNDI's DNS provider (part of the JDK) for SRV records. */
  Resolver SYSTEM = new Resolver() {
    @Override
    public List<String> lookupHost(String host) throws IOException {
      List<String> out = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(host)) {
        out.add(a.getHostAddress());
      }
      return out;
    }

    @Override
    public List<Srv> lookupSrv(String name) throws IOException {
      Hashtable<String, String> env = new Hashtable<>();
      env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
      env.put("java.naming.provider.url", "dns:");
      try {
        InitialDirContext ctx = new InitialDirContext(env);
        try {
          Attributes attrs = ctx.getAttributes(name, new String[] {"SRV"});
          Attribute srv = attrs.get("SRV");
          List<Srv> out = new ArrayList<>();
          if (srv == null) {
            return out;
          }
          NamingEnumeration<?> values = srv.getAll();
          while (values.hasMore()) {
            // "priority weight port target."
            String[] f = values.next().toString().trim().split("\\s+");
            if (f.length == 4) {
              String target = f[3].endsWith(".") ? f[3].substring(0, f[3].length() - 1) : f[3];
              out.add(new Srv(target, Integer.parseInt(f[2])));
            }
          }
          return out;
        } finally {
          ctx.close();
        }
      } catch (NamingException | NumberFormatException e) {
        throw new IOException("looking up SRV records of " + name + ": " + e.getMessage(), e);
      }
    }
  };
}
