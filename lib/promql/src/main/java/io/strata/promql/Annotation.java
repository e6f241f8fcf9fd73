package io.strata.promql;

import io.strata.model.GoFloat;
import io.strata.promql.ast.PositionRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A warning or info produced while evaluating a query, as Prometheus' {@code annotations} package.
 *
 * <p>{@link #message()} is the text without position ({@code PromQL info: metric might not be a counter, ...});
 * {@link #format(String)} is what the HTTP API shows in {@code warnings}/{@code infos}, with the
 * {@code (line:col)} of the sub-expression that caused it.
 */
public final class Annotation {
  /** Whether an annotation goes to {@code warnings} or {@code infos}. */
  public enum Severity { WARNING, INFO }

  private final Severity severity;
  private final String message;
  private final PositionRange position;
  private final Monotonicity monotonicity;

  private Annotation(Severity severity, String message, PositionRange position, Monotonicity monotonicity) {
    this.severity = severity;
    this.message = message;
    this.position = position;
    this.monotonicity = monotonicity;
  }

  /** A PromQL warning; {@code text} follows {@code PromQL warning: }. */
  public static Annotation warning(String text, PositionRange position) {
    return new Annotation(Severity.WARNING, "PromQL warning: " + text, position, null);
  }

  /** A PromQL info; {@code text} follows {@code PromQL info: }. */
  public static Annotation info(String text, PositionRange position) {
    return new Annotation(Severity.INFO, "PromQL info: " + text, position, null);
  }

  /** A warning from outside PromQL (storage, partial responses), shown verbatim. */
  public static Annotation plainWarning(String text) {
    return new Annotation(Severity.WARNING, text, null, null);
  }

  /**
   * Prometheus' histogram_quantile monotonicity info; occurrences with the same message merge into one that
   * reports the bucket range, largest difference, sample count and time span.
   */
  public static Annotation forcedMonotonicity(String metricName, PositionRange position, long ts, double minBucket,
      double maxBucket, double maxDiff) {
    String text = "input to histogram_quantile needed to be fixed for monotonicity (see "
        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)";
    if (!metricName.isEmpty()) {
      text += " for metric name " + io.strata.promql.ast.GoStrings.quote(metricName);
    }
    return new Annotation(Severity.INFO, "PromQL info: " + text, position,
        new Monotonicity(ts, ts, minBucket, maxBucket, maxDiff, 0));
  }

  public Severity severity() {
    return severity;
  }

  public String message() {
    return message;
  }

  /** Where in the query the annotation points, or null for annotations not tied to the query text. */
  public PositionRange position() {
    return position;
  }

  /** Combines two annotations with the same message (the later one's position wins). */
  Annotation mergeWith(Annotation previous) {
    if (monotonicity == null || previous.monotonicity == null) {
      return this;
    }
    Monotonicity a = monotonicity;
    Monotonicity b = previous.monotonicity;
    return new Annotation(severity, message, position, new Monotonicity(
        Math.min(a.minTs, b.minTs), Math.max(a.maxTs, b.maxTs), Math.min(a.minBucket, b.minBucket),
        Math.max(a.maxBucket, b.maxBucket), Math.max(a.maxDiff, b.maxDiff), a.count + b.count + 1));
  }

  /** The HTTP API form: the message with details and {@code (line:col)} in {@code query}. */
  public String format(String query) {
    if (position == null) {
      return message;
    }
    StringBuilder b = new StringBuilder(message);
    if (monotonicity != null) {
      Monotonicity m = monotonicity;
      b.append(", from buckets ").append(GoFloat.formatG(m.minBucket)).append(" to ")
          .append(GoFloat.formatG(m.maxBucket)).append(", with a max diff of ").append(formatTwoDigits(m.maxDiff))
          .append(", over ").append(m.count + 1).append(" samples from ").append(rfc3339(m.minTs)).append(" to ")
          .append(rfc3339(m.maxTs));
    }
    return b.append(" (").append(position.lineColumn(query)).append(')').toString();
  }

  private static String rfc3339(long ms) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(ms, 1000)).atOffset(ZoneOffset.UTC));
  }

  /** Go's {@code %.2g}. */
  private static String formatTwoDigits(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return GoFloat.formatG(v);
    }
    double rounded = new java.math.BigDecimal(v).round(new java.math.MathContext(2)).doubleValue();
    return GoFloat.formatG(rounded);
  }

  @Override
  public String toString() {
    return message;
  }

  private record Monotonicity(long minTs, long maxTs, double minBucket, double maxBucket, double maxDiff,
      int count) {}
}
