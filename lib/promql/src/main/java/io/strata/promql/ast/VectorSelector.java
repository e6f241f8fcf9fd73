package io.strata.promql.ast;

import io.strata.model.LabelMatcher;
import java.util.List;

/**
 * An instant vector selector such as {@code http_requests_total{job="api"} offset 5m @ 1700000000}.
 *
 * @param name the metric name written before the braces, or {@code ""}; when set, {@code matchers} ends with
 *     the equivalent {@code __name__} equality matcher (as in Prometheus)
 * @param matchers all label matchers, including the one for {@code name}
 * @param offsetMillis the {@code offset} in milliseconds (negative allowed); 0 when absent
 * @param offsetExpr an experimental duration expression for the offset, or null
 * @param timestamp the {@code @} timestamp in milliseconds, or null
 * @param at {@code @ start()} / {@code @ end()}, or {@link AtModifier#NONE}
 * @param anchored experimental {@code anchored} modifier
 * @param smoothed experimental {@code smoothed} modifier
 */
public record VectorSelector(
    String name, List<LabelMatcher> matchers, long offsetMillis, DurationExpr offsetExpr, Long timestamp,
    AtModifier at, boolean anchored, boolean smoothed, PositionRange positionRange) implements Expr {

  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public List<Expr> children() {
    return List.of();
  }

  public boolean hasOffset() {
    return offsetMillis != 0 || offsetExpr != null;
  }

  public boolean hasAt() {
    return timestamp != null || at != AtModifier.NONE;
  }

  public VectorSelector withOffset(long millis, DurationExpr expr, int end) {
    return new VectorSelector(name, matchers, millis, expr, timestamp, at, anchored, smoothed,
        new PositionRange(positionRange.start(), end));
  }

  public VectorSelector withAt(Long ts, AtModifier modifier, int end) {
    return new VectorSelector(name, matchers, offsetMillis, offsetExpr, ts, modifier, anchored, smoothed,
        new PositionRange(positionRange.start(), end));
  }

  public VectorSelector withTimestamp(Long ts) {
    return new VectorSelector(name, matchers, offsetMillis, offsetExpr, ts, at, anchored, smoothed,
        positionRange);
  }

  public VectorSelector withExtended(boolean anchor, boolean smooth, int end) {
    return new VectorSelector(name, matchers, offsetMillis, offsetExpr, timestamp, at, anchor, smooth,
        new PositionRange(positionRange.start(), end));
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
