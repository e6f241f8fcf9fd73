package io.strata.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code format_query}: short expressions stay on one line, long ones are split and indented. */
class PrettierTest {
  @Test
  void shortExpressionsStayOnOneLine() {
    assertThat(Parser.parse("foo/bar").pretty()).isEqualTo("foo / bar");
    assertThat(Parser.parse("sum(rate(foo[5m])) by (job)").pretty()).isEqualTo("sum by (job) (rate(foo[5m]))");
  }

  @Test
  void longBinaryExpressionsSplitAroundTheOperator() {
    String q = "sum by (job) (rate(http_requests_total{job=\"apiserver\",code=~\"5..\"}[5m])) / "
        + "sum by (job) (rate(http_requests_total{job=\"apiserver\"}[5m]))";
    assertThat(Parser.parse(q).pretty()).isEqualTo("""
          sum by (job) (rate(http_requests_total{code=~"5..",job="apiserver"}[5m]))
        /
          sum by (job) (rate(http_requests_total{job="apiserver"}[5m]))""");
  }

  @Test
  void longAggregationsAndCallsSplitTheirArguments() {
    String q = "histogram_quantile(0.99, sum by (le, job) (rate(apiserver_request_duration_seconds_bucket"
        + "{job=\"apiserver\",verb!=\"WATCH\"}[5m])))";
    assertThat(Parser.parse(q).pretty()).isEqualTo("""
        histogram_quantile(
          0.99,
          sum by (le, job) (
            rate(apiserver_request_duration_seconds_bucket{job="apiserver",verb!="WATCH"}[5m])
          )
        )""");
  }
}
