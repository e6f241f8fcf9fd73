package io.strata.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Command-line arguments in the forms Thanos (kingpin) accepts, turned into the form Spring reads: Thanos takes
 * {@code --endpoint 10.0.0.1:10901} as well as {@code --endpoint=10.0.0.1:10901}; Spring only the latter. The
 * services take no positional arguments, so a value after a flag always belongs to it.
 */
public final class ThanosArgs {
  private ThanosArgs() {}

  public static String[] normalize(String... args) {
    List<String> out = new ArrayList<>(args.length);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--") && !a.contains("=") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
        out.add(a + "=" + args[++i]);
      } else {
        out.add(a);
      }
    }
    return out.toArray(new String[0]);
  }
}
