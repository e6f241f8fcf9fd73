package io.strata.promql.ast;

/** Operators of experimental duration expressions ({@code foo[5m + 1m]}, {@code offset step()}). */
public enum DurationOp {
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  MOD("%"),
  POW("^"),
  STEP("step"),
  RANGE("range"),
  MIN_OF("min_of"),
  MAX_OF("max_of");

  private final String text;

  DurationOp(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }
}
