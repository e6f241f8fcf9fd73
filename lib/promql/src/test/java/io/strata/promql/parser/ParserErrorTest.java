package io.strata.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed queries fail with Prometheus' message and position, never with another exception. */
class ParserErrorTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "~~|unknown position: parse error: no expression found in input",
    "# just a comment|1:1: parse error: no expression found in input",
    "1+|1:3: parse error: unexpected end of input",
    ".|1:1: parse error: unexpected character: '.'",
    "2.5.|1:1: parse error: bad number or duration syntax: \"2.5.\"",
    "100..4|1:1: parse error: bad number or duration syntax: \"100..\"",
    "0deadbeef|1:1: parse error: bad number or duration syntax: \"0de\"",
    "1 /|1:4: parse error: unexpected end of input",
    "*1|1:1: parse error: unexpected <op:*>",
    "(1))|1:5: parse error: unexpected right parenthesis ')'",
    "((1)|1:5: parse error: unclosed left parenthesis",
    "(|1:2: parse error: unclosed left parenthesis",
    "1 and 1|1:1: parse error: set operator \"and\" not allowed in binary scalar expression",
    "1 == 1|1:3: parse error: comparisons between scalars must use BOOL modifier",
    "1 !~ 1|1:3: parse error: unexpected character after '!': '~'",
    "1 =~ 1|1:3: parse error: unexpected character after '=': '~'",
    "-\"string\"|1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"",
    "-test[5m]|1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"",
    "@@|1:1: parse error: unexpected <op:@>",
    "1 offset 1d|1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
    "foo offset 1s offset 2s|1:1: parse error: offset may not be set multiple times",
    "a - on(b) ignoring(c) d|1:11: parse error: unexpected <ignoring>",
    "foo and 1|1:1: parse error: set operator \"and\" not allowed in binary scalar expression",
    "1 or on(bar) foo|1:1: parse error: vector matching only allowed between instant vectors",
    "foo + group_left(baz) bar|1:7: parse error: unexpected <group_left>",
    "foo and on(bar) group_left(baz) bar|1:1: parse error: no grouping allowed for \"and\" operation",
    "http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}|1:35: parse error: label \"instance\" must not occur in ON and GROUP clause at once",
    "foo + bool bar|1:5: parse error: bool modifier can only be used on comparison operators",
    "foo @ +Inf|1:1: parse error: timestamp out of bounds for @ modifier: +Inf",
    "foo @ NaN|1:1: parse error: timestamp out of bounds for @ modifier: NaN",
    "{|1:2: parse error: unexpected end of input inside braces",
    "}|1:1: parse error: unexpected character: '}'",
    "some_metric{a=b}|1:15: parse error: unexpected identifier \"b\" in label matching, expected string",
    "some_metric{a:b=\"b\"}|1:14: parse error: unexpected character inside braces: ':'",
    "foo{gibberish}|1:14: parse error: unexpected \"}\" in label matching, expected label matching operator",
    "foo{1}|1:5: parse error: unexpected character inside braces: '1'",
    "{}|1:1: parse error: vector selector must contain at least one non-empty matcher",
    "{x=~\".*\"}|1:1: parse error: vector selector must contain at least one non-empty matcher",
    "foo{__name__=\"bar\"}|1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"",
    "foo{,}|1:5: parse error: unexpected \",\" in label matching, expected identifier or \"}\"",
    "foo{__name__=\"bar\" lol}|1:20: parse error: unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"",
    "foo[5mm]|1:5: parse error: bad number or duration syntax: \"5mm\"",
    "foo[5y1hs]|1:5: parse error: unknown unit \"hs\" in duration \"5y1hs\"",
    "foo[5m1h]|1:5: parse error: not a valid duration string: \"5m1h\"",
    "foo[0m]|1:5: parse error: duration must be greater than 0",
    "foo[]|1:5: parse error: unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
    "foo[-1]|1:5: parse error: duration must be greater than 0",
    "some_metric[5m] OFFSET|1:23: parse error: unexpected end of input in offset, expected number, duration, step(), or range()",
    "some_metric OFFSET 1m[5m]|1:22: parse error: no offset modifiers allowed before range",
    "some_metric[5m] @|1:18: parse error: unexpected end of input in @, expected timestamp",
    "some_metric @ 1234 [5m]|1:20: parse error: no @ modifiers allowed before range",
    "(foo + bar)[5m]|1:12: parse error: ranges only allowed for vector selectors",
    "sum by (\"foo)(some_metric{})|1:9: parse error: unterminated quoted string",
    "sum without(==)(some_metric)|1:13: parse error: unexpected <op:==> in grouping opts, expected label",
    "sum without(foo,,)(some_metric)|1:17: parse error: unexpected \",\" in grouping opts, expected label",
    "sum some_metric by (test)|1:5: parse error: unexpected identifier \"some_metric\"",
    "sum (some_metric) by test|1:22: parse error: unexpected identifier \"test\" in grouping opts, expected \"(\"",
    "sum () by (test)|1:1: parse error: no arguments for aggregate expression provided",
    "MIN keep_common (some_metric)|1:5: parse error: unexpected identifier \"keep_common\"",
    "sum (some_metric) without (test) by (test)|1:34: parse error: unexpected <by>",
    "topk(some_metric)|1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1",
    "topk(some_metric,)|1:17: parse error: trailing commas not allowed in function call args",
    "topk(some_metric, other_metric)|1:6: parse error: expected type scalar in aggregation parameter, got instant vector",
    "count_values(5, other_metric)|1:14: parse error: expected type string in aggregation parameter, got scalar",
    "rate(some_metric[5m]) @ 1234|1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
    "floor()|1:1: parse error: expected 1 argument(s) in call to \"floor\", got 0",
    "floor(1)|1:7: parse error: expected type instant vector in call to function \"floor\", got scalar",
    "hour(some_metric, some_metric, some_metric)|1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3",
    "non_existent_function_far_bar()|1:1: parse error: unknown function with name \"non_existent_function_far_bar\"",
    "rate(some_metric)|1:6: parse error: expected type range vector in call to function \"rate\", got instant vector",
    "-=|1:2: parse error: unexpected \"=\"",
    "++-++-+-+-<|1:11: parse error: unexpected <op:<>",
    "a>b()|1:3: parse error: unknown function with name \"b\"",
    "`\\``|1:4: parse error: unterminated raw string",
    "\"\\|1:1: parse error: escape sequence not terminated",
    "\"\\c\"|1:1: parse error: unknown escape sequence U+0063 'c'",
    "\"\\x.\"|1:1: parse error: illegal character U+002E '.' in escape sequence",
    "foo{bar=\"baz\"}[|1:16: parse error: unexpected end of input in duration expression",
    "test[5d] OFFSET 10s [10m:5s]|1:1: parse error: subquery is only allowed on instant vector, got matrix instead",
    "rate(food[1m])[1h] offset 1h|1:15: parse error: ranges only allowed for vector selectors",
    "foo[5s x 5s]|1:8: parse error: unexpected character: 'x', expected ':'",
    "sum(rate(|1:10: parse error: unclosed left parenthesis",
    "~foo\n  + bar\n  + * baz~|3:5: parse error: unexpected <op:*>",
  })
  void failsLikePrometheus(String query, String message) {
    assertThatThrownBy(() -> Parser.parse(query, ParserOptions.allExperimental()))
        .isInstanceOf(ParseException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "foo[5m+1m]|1:5: parse error: experimental duration expression is not enabled",
    "sort_by_label(foo, \"a\")|1:1: parse error: function \"sort_by_label\" is not enabled",
    "limitk(1, foo)|1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions",
    "foo[5m] anchored|1:1: parse error: anchored modifier is experimental and not enabled",
    "a + fill(1) b|1:1: parse error: binop fill modifiers are experimental and not enabled",
  })
  void rejectsExperimentalFeaturesByDefault(String query, String message) {
    assertThatThrownBy(() -> Parser.parse(query)).isInstanceOf(ParseException.class).hasMessage(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "\"ab\u00e9\" + *|1:10: parse error: unexpected <op:*>",
  })
  void countsColumnsInUtf8Bytes(String query, String message) {
    assertThatThrownBy(() -> Parser.parse(query)).hasMessage(message);
  }

  @org.junit.jupiter.api.Test
  void parseErrorsAreBadDataWithoutStackTrace() {
    ParseException e = (ParseException) org.assertj.core.api.Assertions.catchThrowable(() -> Parser.parse("foo{"));
    assertThat(e.errorType()).isEqualTo(io.strata.promql.ErrorType.BAD_DATA);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.position().start()).isEqualTo(4);
    assertThat(e.reason()).isEqualTo("unexpected end of input inside braces");
  }
}
