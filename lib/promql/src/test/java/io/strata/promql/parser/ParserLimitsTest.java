package io.strata.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** No input can overflow the stack or exhaust memory: depth and length are bounded. */
class ParserLimitsTest {
  @Test
  void deepParenthesesFailCleanly() {
    String q = "(".repeat(100_000) + "1" + ")".repeat(100_000);
    assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("expression nesting too deep");
  }

  @Test
  void longOperatorChainsFailCleanly() {
    String q = "a" + " + a".repeat(50_000);
    assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("expression nesting too deep");
  }

  @Test
  void deepUnaryChainsFailCleanly() {
    String q = "-".repeat(100_000) + "foo";
    assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("expression nesting too deep");
  }

  @Test
  void nestedFunctionCallsFailCleanly() {
    String q = "abs(".repeat(20_000) + "foo" + ")".repeat(20_000);
    assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("expression nesting too deep");
  }

  @Test
  void acceptsNestingUpToTheLimit() {
    int depth = ParserOptions.DEFAULT_MAX_DEPTH - 2;
    String q = "(".repeat(depth) + "1" + ")".repeat(depth);
    assertThat(Parser.parse(q).toString()).isEqualTo(q);
  }

  @Test
  void hugeQueriesAreRejected() {
    String q = "foo{a=~\"" + "x|".repeat(ParserOptions.DEFAULT_MAX_LENGTH) + "y\"}";
    assertThatThrownBy(() -> Parser.parse(q)).isInstanceOf(ParseException.class)
        .hasMessageContaining("query too long");
  }

  @Test
  void wideButShallowQueriesAreFine() {
    String q = "sum(" + "a + ".repeat(100) + "a)";
    assertThat(Parser.parse(q)).isNotNull();
  }
}
