package io.strata.promclient;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's duration syntax ({@code model.Duration}): units {@code y w d h m s ms} in decreasing order,
 * each at most once, e.g. {@code 2h}, {@code 1h30m}, {@code 0s}. Flags such as
 * {@code storage.tsdb.min-block-duration} are reported in this form.
 */
public final class PrometheusDuration {
  private static final Pattern SYNTAX = Pattern.compile(
      "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final long[] UNIT_MS = {
      365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};

  private PrometheusDuration() {}

  /** @throws IllegalArgumentException if {@code s} is not a Prometheus duration */
  public static Duration parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SYNTAX.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long ms = 0;
    for (int i = 0; i < UNIT_MS.length; i++) {
      String g = m.group(i + 1);
      if (g != null) {
        ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(g), UNIT_MS[i]));
      }
    }
    return Duration.ofMillis(ms);
  }

  /** The shortest Prometheus form, e.g. {@code 2h}, {@code 1h30m}, {@code 0s}. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < UNIT_MS.length; i++) {
      long n = ms / UNIT_MS[i];
      if (n > 0) {
        b.append(n).append(units[i]);
        ms -= n * UNIT_MS[i];
      }
    }
    return b.toString();
  }
}
