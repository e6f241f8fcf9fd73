package io.strata.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class LabelMatcherTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // type, matcher value, label value, expected
        Arguments.of("=", "a", "a", true),
        Arguments.of("=", "a", "b", false),
        Arguments.of("=", "", "", true),
        Arguments.of("!=", "", "", false),
        Arguments.of("!=", "", "x", true),
        Arguments.of("=~", "", "", true),
        Arguments.of("=~", "", "x", false),
        Arguments.of("=~", ".*", "", true),
        Arguments.of("=~", ".+", "", false),
        Arguments.of("=~", ".+", "x", true),
        Arguments.of("=~", "a|b|c", "b", true),
        Arguments.of("=~", "a|b|c", "ab", false),
        Arguments.of("=~", "(?:a|b)", "a", true),
        Arguments.of("=~", "foo.*", "foobar", true),
        Arguments.of("=~", "foo.*", "xfoo", false),
        Arguments.of("=~", ".*foo", "xfoo", true),
        Arguments.of("=~", ".*foo", "foox", false),
        Arguments.of("=~", ".*oo.*", "xoox", true),
        Arguments.of("=~", "a.c", "abc", true),
        Arguments.of("=~", "a.c", "a\nc", true), // (?s): dot matches newline
        Arguments.of("=~", "b", "abc", false), // fully anchored
        Arguments.of("=~", "a\\.b", "a.b", true),
        Arguments.of("=~", "a\\.b", "axb", false),
        Arguments.of("=~", "foo\\.*", "foo...", true),
        Arguments.of("=~", "foo\\.*", "foox", false),
        Arguments.of("=~", "(?i)FOO", "foo", true),
        Arguments.of("=~", "[0-9]+", "123", true),
        Arguments.of("=~", "x|", "", true),
        Arguments.of("!~", "a|b", "a", false),
        Arguments.of("!~", "a|b", "", true),
        Arguments.of("!~", ".*", "", false),
        Arguments.of("!~", ".+", "", true));
  }

  @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
  @MethodSource("cases")
  void matchesLikePrometheus(String op, String value, String labelValue, boolean expected) {
    LabelMatcher m = LabelMatcher.of(type(op), "l", value);
    assertThat(m.matches(labelValue)).isEqualTo(expected);
  }

  @Test
  void fastPathsAgreeWithTheRegexEngine() {
    String[] regexes = {".*", ".+", "a|b", "abc.*", ".*abc", ".*b.*", "a\\.b|c", "(a|bc)", "", "x|"};
    String[] alphabet = {"", "a", "b", "c", ".", "abc", "\n", "é"};
    Random r = new Random(7);
    for (String re : regexes) {
      com.google.re2j.Pattern p = com.google.re2j.Pattern.compile("(?s:" + re + ")");
      LabelMatcher m = LabelMatcher.regex("l", re);
      for (int i = 0; i < 500; i++) {
        StringBuilder b = new StringBuilder();
        for (int k = r.nextInt(4); k > 0; k--) {
          b.append(alphabet[r.nextInt(alphabet.length)]);
        }
        String s = b.toString();
        assertThat(m.matches(s)).as("%s on %s", re, s).isEqualTo(p.matches(s));
      }
    }
  }

  @Test
  void exposesSetMatchesAndPrefixes() {
    assertThat(LabelMatcher.regex("l", "a|b|c").setMatches()).containsExactly("a", "b", "c");
    assertThat(LabelMatcher.equal("l", "x").setMatches()).containsExactly("x");
    assertThat(LabelMatcher.regex("l", "a.*").setMatches()).isEmpty();
    assertThat(LabelMatcher.regex("l", "api-.*").prefix()).isEqualTo("api-");
    assertThat(LabelMatcher.regex("l", "api-[0-9]+").prefix()).isEqualTo("api-");
    assertThat(LabelMatcher.regex("l", "ab?").prefix()).isEqualTo("a");
    assertThat(LabelMatcher.regex("l", "a|b").prefix()).isEmpty();
  }

  @Test
  void badRegexSaysWhy() {
    assertThatThrownBy(() -> LabelMatcher.regex("l", "a(b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid regular expression \"a(b\"");
  }

  @Test
  void usesRe2NotJavaRegexSyntax() {
    // Possessive quantifiers and backreferences are Java-only; RE2 rejects them.
    assertThatThrownBy(() -> LabelMatcher.regex("l", "a*+")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelMatcher.regex("l", "(a)\\1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void printsAsPromQL() {
    assertThat(LabelMatcher.regex("job", "a\"b").toString()).isEqualTo("job=~\"a\\\"b\"");
    assertThat(LabelMatcher.notEqual("job", "x").inverse()).isEqualTo(LabelMatcher.equal("job", "x"));
  }

  private static LabelMatcher.Type type(String op) {
    for (LabelMatcher.Type t : LabelMatcher.Type.values()) {
      if (t.operator().equals(op)) {
        return t;
      }
    }
    throw new IllegalArgumentException(op);
  }
}
