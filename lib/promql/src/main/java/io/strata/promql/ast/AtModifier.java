package io.strata.promql.ast;

/** The symbolic forms of the {@code @} modifier; a numeric {@code @} is a timestamp instead. */
public enum AtModifier {
  NONE,
  /** {@code @ start()}: the start of the query range. */
  START,
  /** {@code @ end()}: the end of the query range. */
  END
}
