package io.strata.store.bucket;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time limit given either as an absolute RFC 3339 time or as a duration relative to now, like Thanos's
 * {@code --min-time=-2w} / {@code --max-time=2026-01-01T00:00:00Z} ({@code model.TimeOrDurationValue}). Relative
 * bounds are re-evaluated at every use, so a store configured with {@code -2w} keeps serving a sliding window.
 *
 * <p>Durations use Prometheus units: {@code ms, s, m, h, d, w, y} (a year is 365 days), combinable as in
 * {@code 1d12h}, with an optional sign.
 */
public final class TimeBound {
  private static final Pattern DURATION = Pattern.compile("([+-]?)((?:\\d+(?:ms|s|m|h|d|w|y))+)");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  /** Thanos's default lower bound, {@code 0000-01-01T00:00:00Z}. */
  public static final TimeBound MIN = absolute(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli());
  /** Thanos's default upper bound, {@code 9999-12-31T23:59:59Z}. */
  public static final TimeBound MAX = absolute(Instant.parse("9999-12-31T23:59:59Z").toEpochMilli());

  private final boolean relative;
  private final long millis;
  private final String text;

  private TimeBound(boolean relative, long millis, String text) {
    this.relative = relative;
    this.millis = millis;
    this.text = text;
  }

  public static TimeBound absolute(long epochMillis) {
    return new TimeBound(false, epochMillis, Instant.ofEpochMilli(epochMillis).toString());
  }

  /** Now plus {@code offsetMillis} (negative for the past). */
  public static TimeBound relative(long offsetMillis) {
    return new TimeBound(true, offsetMillis, offsetMillis + "ms");
  }

  /**
   * Parses {@code 2026-01-01T00:00:00Z} or {@code -2w}, {@code 1d12h}, {@code 0s}.
   *
   * @throws IllegalArgumentException naming the text if it is neither
   */
  public static TimeBound parse(String text) {
    String s = text.trim();
    Matcher m = DURATION.matcher(s);
    if (m.matches()) {
      long total = 0;
      Matcher p = PART.matcher(m.group(2));
      while (p.find()) {
        total = Math.addExact(total, Math.multiplyExact(Long.parseLong(p.group(1)), unitMillis(p.group(2))));
      }
      return new TimeBound(true, "-".equals(m.group(1)) ? -total : total, s);
    }
    try {
      return new TimeBound(false, Instant.parse(s).toEpochMilli(), s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("time bound \"" + text
          + "\" is neither an RFC 3339 time (2026-01-01T00:00:00Z) nor a duration relative to now (-2w, 6h)", e);
    }
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      case "d" -> 86_400_000L;
      case "w" -> 7 * 86_400_000L;
      case "y" -> 365 * 86_400_000L;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }

  /** The bound as epoch milliseconds at the clock's current time. */
  public long resolve(Clock clock) {
    return relative ? clock.millis() + millis : millis;
  }

  public boolean isRelative() {
    return relative;
  }

  @Override
  public String toString() {
    return text;
  }
}
