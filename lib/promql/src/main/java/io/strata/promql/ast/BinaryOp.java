package io.strata.promql.ast;

/**
 * Binary operators with the precedence of Prometheus' grammar (higher binds tighter; {@code ^} is the only
 * right-associative one).
 */
public enum BinaryOp {
  OR("or", 1),
  AND("and", 2),
  UNLESS("unless", 2),
  EQLC("==", 3),
  NEQ("!=", 3),
  LTE("<=", 3),
  LSS("<", 3),
  GTE(">=", 3),
  GTR(">", 3),
  /** Experimental native-histogram bucket trimming; parsed, never evaluated on floats. */
  TRIM_UPPER("</", 3),
  TRIM_LOWER(">/", 3),
  ADD("+", 4),
  SUB("-", 4),
  MUL("*", 5),
  DIV("/", 5),
  MOD("%", 5),
  ATAN2("atan2", 5),
  POW("^", 6);

  private final String text;
  private final int precedence;

  BinaryOp(String text, int precedence) {
    this.text = text;
    this.precedence = precedence;
  }

  public String text() {
    return text;
  }

  public int precedence() {
    return precedence;
  }

  public boolean isRightAssociative() {
    return this == POW;
  }

  public boolean isComparison() {
    return precedence == 3 && this != TRIM_UPPER && this != TRIM_LOWER;
  }

  public boolean isSetOperator() {
    return this == AND || this == OR || this == UNLESS;
  }

  /** Arithmetic operators change what a sample means, so the result drops the metric name. */
  public boolean changesMetricSchema() {
    return switch (this) {
      case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
      default -> false;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
