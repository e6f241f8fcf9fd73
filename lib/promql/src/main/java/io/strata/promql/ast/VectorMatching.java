package io.strata.promql.ast;

import java.util.List;

/**
 * How the series of the two sides of a vector/vector binary operation are matched.
 *
 * @param card the matching cardinality
 * @param matchingLabels labels of {@code on(...)} or {@code ignoring(...)}
 * @param on whether {@code matchingLabels} came from {@code on} (else {@code ignoring} or nothing)
 * @param include extra labels of {@code group_left(...)}/{@code group_right(...)}, taken from the "one" side
 * @param fillLeft experimental {@code fill_left}/{@code fill} value for missing left-hand series, or null
 * @param fillRight experimental {@code fill_right}/{@code fill} value for missing right-hand series, or null
 */
public record VectorMatching(
    Cardinality card, List<String> matchingLabels, boolean on, List<String> include, Double fillLeft,
    Double fillRight) {

  public static final VectorMatching ONE_TO_ONE =
      new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of(), null, null);

  public VectorMatching {
    matchingLabels = List.copyOf(matchingLabels);
    include = List.copyOf(include);
  }

  public VectorMatching withCard(Cardinality c) {
    return new VectorMatching(c, matchingLabels, on, include, fillLeft, fillRight);
  }

  /** Matching cardinality of a binary operation. */
  public enum Cardinality {
    ONE_TO_ONE("one-to-one"),
    MANY_TO_ONE("many-to-one"),
    ONE_TO_MANY("one-to-many"),
    MANY_TO_MANY("many-to-many");

    private final String text;

    Cardinality(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
