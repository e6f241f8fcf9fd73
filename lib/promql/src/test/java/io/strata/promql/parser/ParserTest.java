package io.strata.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.promql.ast.AggregateExpr;
import io.strata.promql.ast.BinaryExpr;
import io.strata.promql.ast.BinaryOp;
import io.strata.promql.ast.Expr;
import io.strata.promql.ast.MatrixSelector;
import io.strata.promql.ast.NumberLiteral;
import io.strata.promql.ast.StringLiteral;
import io.strata.promql.ast.SubqueryExpr;
import io.strata.promql.ast.UnaryExpr;
import io.strata.promql.ast.ValueType;
import io.strata.promql.ast.VectorMatching;
import io.strata.promql.ast.VectorSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid queries: the tree's shape, and printing as Prometheus' canonical form. */
class ParserTest {

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    // Literals.
    "1|1",
    "+5|5",
    "-5|-5",
    "--5|5",
    ".5|0.5",
    "5.|5",
    "1e3|1000",
    "1E-3|0.001",
    "0x1F|31",
    "0755|493",
    "1_000|1000",
    "Inf|+Inf",
    "-inf|-Inf",
    "NaN|NaN",
    "5m|5m",
    "1h30m|1h30m",
    "-5m|-5m",
    "'single'|\"single\"",
    "`raw\\n`|\"raw\\\\n\"",
    "\"a\\tb\\u00e9\\x41\"|\"a\\tbéA\"",
    // Selectors.
    "foo|foo",
    "foo{}|foo",
    "foo{b=\"x\",a=~\"y\"}|foo{a=~\"y\",b=\"x\"}",
    "{__name__=\"foo\"}|{__name__=\"foo\"}",
    "{\"foo\"}|{__name__=\"foo\"}",
    "{\"foo.bar\", job=\"x\"}|{__name__=\"foo.bar\",job=\"x\"}",
    "foo{\"a.b\"=\"c\"}|foo{\"a.b\"=\"c\"}",
    "foo:bar:rate5m|foo:bar:rate5m",
    "sum|sum",
    "offset|offset",
    "foo offset 5m|foo offset 5m",
    "foo offset -5m|foo offset -5m",
    "foo offset 90s|foo offset 1m30s",
    "foo @ 1609746000|foo @ 1609746000.000",
    "foo @ 1.5|foo @ 1.500",
    "foo @ -1|foo @ -1.000",
    "foo @ start()|foo @ start()",
    "foo @ end() offset 1m|foo @ end() offset 1m",
    "foo offset 1m @ 10|foo @ 10.000 offset 1m",
    "foo[5m]|foo[5m]",
    "foo[300]|foo[5m]",
    "foo[1.5]|foo[1s500ms]",
    "foo[5m] offset 1m|foo[5m] offset 1m",
    "foo[5m] @ 1 offset 2m|foo[5m] @ 1.000 offset 2m",
    "foo[5m:]|foo[5m:]",
    "foo[5m:1m]|foo[5m:1m]",
    "rate(foo[5m])[30m:1m] @ end() offset 1h|rate(foo[5m])[30m:1m] @ end() offset 1h",
    // Operators, precedence and associativity.
    "a+b*c|a + b * c",
    "(a+b)*c|(a + b) * c",
    "2^3^2|2 ^ 3 ^ 2",
    "-2^2|-2 ^ 2",
    "a - on(b) c|a - on (b) c",
    "a - on() c|a - on () c",
    "a - ignoring() c|a - c",
    "a - on(b) group_left c|a - on (b) group_left () c",
    "a * ignoring(b) group_right(x, y) c|a * ignoring (b) group_right (x, y) c",
    "a > bool 1|a > bool 1",
    "a == bool on(x) b|a == bool on (x) b",
    "a and b or c unless d|a and b or c unless d",
    "a atan2 b|a atan2 b",
    "1 < bool 2|1 < bool 2",
    // Aggregations.
    "sum(foo)|sum(foo)",
    "sum by() (foo)|sum(foo)",
    "SUM BY (job) (foo)|sum by (job) (foo)",
    "sum(foo) by (job, instance)|sum by (job, instance) (foo)",
    "sum without(instance) (foo)|sum without (instance) (foo)",
    "sum without() (foo)|sum without () (foo)",
    "sum by(\"foo.bar\") (foo)|sum by (\"foo.bar\") (foo)",
    "sum by (by, on, offset) (foo)|sum by (by, on, offset) (foo)",
    "topk(5, foo)|topk(5, foo)",
    "quantile(0.9, foo)|quantile(0.9, foo)",
    "count_values(\"v\", foo)|count_values(\"v\", foo)",
    "avg by(a,)(foo)|avg by (a) (foo)",
    // Functions.
    "rate(foo[5m])|rate(foo[5m])",
    "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")|label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")",
    "label_join(up, \"a\", \",\", \"b\", \"c\", \"d\")|label_join(up, \"a\", \",\", \"b\", \"c\", \"d\")",
    "round(foo)|round(foo)",
    "round(foo, 5)|round(foo, 5)",
    "time()|time()",
    "hour()|hour()",
    "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))|histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
    // Comments and whitespace.
    "~foo # a comment\n + bar~|foo + bar",
    "~sum(\n  rate(foo[5m]) # per second\n)~|sum(rate(foo[5m]))",
  })
  void printsCanonicalForm(String query, String canonical) {
    Expr e = Parser.parse(query);
    assertThat(e.toString()).isEqualTo(canonical);
    assertThat(Parser.parse(canonical).toString()).isEqualTo(canonical);
  }

  @Test
  void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
    BinaryExpr e = (BinaryExpr) Parser.parse("2 ^ 3 ^ 2");
    assertThat(e.lhs()).isInstanceOf(NumberLiteral.class);
    assertThat(e.rhs()).isInstanceOf(BinaryExpr.class);
    UnaryExpr u = (UnaryExpr) Parser.parse("-foo ^ 2");
    assertThat(u.expr()).isInstanceOf(BinaryExpr.class);
    BinaryExpr m = (BinaryExpr) Parser.parse("-foo * 2");
    assertThat(m.lhs()).isInstanceOf(UnaryExpr.class);
  }

  @Test
  void setOperatorsAreManyToMany() {
    BinaryExpr e = (BinaryExpr) Parser.parse("foo and on(job) bar");
    assertThat(e.op()).isEqualTo(BinaryOp.AND);
    assertThat(e.matching().card()).isEqualTo(VectorMatching.Cardinality.MANY_TO_MANY);
    assertThat(e.matching().on()).isTrue();
    assertThat(e.matching().matchingLabels()).containsExactly("job");
  }

  @Test
  void modifiersAfterTheRangeLiveOnTheSelector() {
    MatrixSelector m = (MatrixSelector) Parser.parse("foo[5m] offset 1m @ 100");
    assertThat(m.rangeMillis()).isEqualTo(300_000);
    assertThat(m.selector().offsetMillis()).isEqualTo(60_000);
    assertThat(m.selector().timestamp()).isEqualTo(100_000L);
    assertThat(m.positionRange().end()).isEqualTo("foo[5m] offset 1m @ 100".length());
  }

  @Test
  void positionsCoverTheExpression() {
    String q = "sum by (job) (rate(foo{a=\"b\"}[5m] offset 1m))";
    AggregateExpr a = (AggregateExpr) Parser.parse(q);
    assertThat(a.positionRange().start()).isZero();
    assertThat(a.positionRange().end()).isEqualTo(q.length());
    VectorSelector vs = ((MatrixSelector) ((io.strata.promql.ast.Call) a.expr()).args().get(0)).selector();
    assertThat(q.substring(vs.positionRange().start(), vs.positionRange().end())).isEqualTo("foo{a=\"b\"}");
  }

  @Test
  void subqueryWithoutStepAndNestedSubquery() {
    SubqueryExpr s = (SubqueryExpr) Parser.parse("max_over_time(rate(foo[1m])[5m:])[1h:10m]");
    assertThat(s.stepMillis()).isEqualTo(600_000);
    assertThat(s.type()).isEqualTo(ValueType.MATRIX);
  }

  @Test
  void stringsKeepInvalidUtf8Bytes() {
    StringLiteral s = (StringLiteral) Parser.parse("\"a\\xc5z\"");
    assertThat(s.toString()).isEqualTo("\"a\\xc5z\"");
    assertThat(((StringLiteral) Parser.parse("\"\\xc3\\xa9\"")).value()).isEqualTo("é");
  }

  @Test
  void parsesSelectorsAndMetrics() {
    assertThat(Parser.parseSelector("up{job=\"a\"}")).hasSize(2);
    assertThat(Parser.parseMetric("up{job=\"a\", instance='b'}").toString())
        .isEqualTo("{__name__=\"up\", instance=\"b\", job=\"a\"}");
  }
}
