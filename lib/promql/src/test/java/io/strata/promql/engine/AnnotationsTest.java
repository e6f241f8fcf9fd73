package io.strata.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.promql.Annotation;
import io.strata.promql.Annotations;
import io.strata.promql.QueryOptions;
import io.strata.promql.Result;
import io.strata.promql.ast.PositionRange;
import io.strata.promql.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;

/** Warnings and infos carry Prometheus' texts and, for the HTTP API, the position in the query. */
class AnnotationsTest {
  private final DefaultQueryEngine engine = new DefaultQueryEngine();

  private static InMemoryStorage storage() {
    InMemoryStorage s = new InMemoryStorage();
    for (int k = 0; k < 20; k++) {
      s.append(Labels.of("__name__", "foo", "job", "a"), k * 15_000L, k);
      s.append(Labels.of("__name__", "x_bucket", "le", "1"), k * 15_000L, 5);
      s.append(Labels.of("__name__", "x_bucket", "le", "2"), k * 15_000L, 3);
      s.append(Labels.of("__name__", "x_bucket", "le", "+Inf"), k * 15_000L, 10);
    }
    return s;
  }

  @Test
  void rateOfNonCounterIsAnInfoWithPosition() {
    String q = "sum(rate(foo[1m]))";
    Result r = engine.instant(storage(), q, 200_000, QueryOptions.DEFAULT).exec();
    assertThat(r.annotations().infos()).extracting(Annotation::message).containsExactly(
        "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"foo\"");
    assertThat(r.annotations().asStrings(q, 10, 10).infos()).containsExactly(
        "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"foo\" (1:10)");
    assertThat(r.annotations().warnings()).isEmpty();
  }

  @Test
  void invalidQuantileIsAWarning() {
    Result r = engine.instant(storage(), "quantile(1.5, foo)", 200_000, QueryOptions.DEFAULT).exec();
    assertThat(r.annotations().asStrings("quantile(1.5, foo)", 0, 0).warnings())
        .containsExactly("PromQL warning: quantile value should be between 0 and 1, got 1.5 (1:10)");
  }

  @Test
  void histogramQuantileMonotonicityFixIsReportedWithDetails() {
    String q = "histogram_quantile(0.5, x_bucket)";
    Result r = engine.range(storage(), q, 0, 60_000, 15_000, QueryOptions.DEFAULT).exec();
    assertThat(r.annotations().infos()).hasSize(1);
    assertThat(r.annotations().infos().get(0).message()).startsWith(
        "PromQL info: input to histogram_quantile needed to be fixed for monotonicity");
    assertThat(r.annotations().asStrings(q, 0, 0).infos().get(0)).endsWith(
        ", from buckets 2 to 2, with a max diff of 2, over 5 samples from 1970-01-01T00:00:00Z to "
            + "1970-01-01T00:01:00Z (1:25)");
  }

  @Test
  void sortInRangeQueryWarns() {
    Result r = engine.range(storage(), "sort(foo)", 0, 60_000, 15_000, QueryOptions.DEFAULT).exec();
    assertThat(r.annotations().warnings()).extracting(Annotation::message).containsExactly(
        "PromQL warning: sort is ineffective for range queries since results are always ordered by labels");
  }

  @Test
  void asStringsLimitsEachKind() {
    Annotations a = new Annotations();
    for (int i = 0; i < 12; i++) {
      a.add(Annotation.warning("w" + i, new PositionRange(0, 1)));
    }
    a.add(Annotation.plainWarning("store unavailable"));
    a.add(Annotation.info("i", new PositionRange(2, 3)));
    a.add(Annotation.info("i", new PositionRange(2, 3)));
    Annotations.Strings s = a.asStrings("abc", 10, 10);
    assertThat(s.warnings()).hasSize(11).last().isEqualTo("3 more warning annotations omitted");
    assertThat(s.infos()).containsExactly("PromQL info: i (1:3)");
  }
}
