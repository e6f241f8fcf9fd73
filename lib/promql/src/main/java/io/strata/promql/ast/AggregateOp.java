package io.strata.promql.ast;

/** Aggregation operators. */
public enum AggregateOp {
  SUM("sum"),
  AVG("avg"),
  COUNT("count"),
  MIN("min"),
  MAX("max"),
  GROUP("group"),
  STDDEV("stddev"),
  STDVAR("stdvar"),
  TOPK("topk"),
  BOTTOMK("bottomk"),
  COUNT_VALUES("count_values"),
  QUANTILE("quantile"),
  LIMITK("limitk"),
  LIMIT_RATIO("limit_ratio");

  private final String text;

  AggregateOp(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** {@code topk(k, v)}, {@code quantile(q, v)} and friends take a parameter before the vector. */
  public boolean hasParam() {
    return switch (this) {
      case TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO -> true;
      default -> false;
    };
  }

  public boolean isExperimental() {
    return this == LIMITK || this == LIMIT_RATIO;
  }

  @Override
  public String toString() {
    return text;
  }
}
