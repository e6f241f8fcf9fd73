package io.strata.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import io.strata.promql.EngineOptions;
import io.strata.promql.Matrix;
import io.strata.promql.QueryOptions;
import io.strata.promql.Vector;
import io.strata.promql.storage.InMemoryStorage;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' default {@code __name__} handling (dropped when a function is applied), which the conformance
 * files do not cover because they run with delayed name removal.
 */
class NameRemovalTest {
  private final DefaultQueryEngine immediate = new DefaultQueryEngine(EngineOptions.defaults());
  private final DefaultQueryEngine delayed =
      new DefaultQueryEngine(EngineOptions.defaults().withDelayedNameRemoval(true));

  private static InMemoryStorage storage() {
    InMemoryStorage s = new InMemoryStorage();
    for (int k = 0; k <= 10; k++) {
      s.append(Labels.of("__name__", "a", "env", "1"), k * 60_000L, k);
      s.append(Labels.of("__name__", "b", "env", "1"), k * 60_000L, 10 * k);
      if (k <= 3) {
        s.append(Labels.of("__name__", "early", "env", "1"), k * 60_000L, 1);
      }
      if (k >= 8) {
        s.append(Labels.of("__name__", "late", "env", "1"), k * 60_000L, 2);
      }
    }
    return s;
  }

  @Test
  void functionsDropTheNameAtOnce() {
    Vector v = (Vector) immediate.instant(storage(), "abs(a)", 600_000, QueryOptions.DEFAULT).exec().value();
    assertThat(v.samples().get(0).metric()).isEqualTo(Labels.of("env", "1"));
  }

  @Test
  void collidingLabelSetsAtTheSameStepFail() {
    assertThatThrownBy(() -> immediate.instant(storage(), "abs({__name__=~\"a|b\"})", 600_000,
        QueryOptions.DEFAULT).exec()).hasMessage("vector cannot contain metrics with the same labelset");
    assertThatThrownBy(() -> immediate.instant(storage(), "rate({__name__=~\"a|b\"}[5m])", 600_000,
        QueryOptions.DEFAULT).exec()).hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void collidingLabelSetsAtDifferentStepsMerge() {
    Matrix m = (Matrix) immediate.range(storage(), "-{__name__=~\"early|late\"}", 0, 600_000, 60_000,
        QueryOptions.DEFAULT).exec().value();
    assertThat(m.series()).hasSize(1);
    assertThat(m.series().get(0).metric()).isEqualTo(Labels.of("env", "1"));
    assertThat(m.series().get(0).size()).isEqualTo(11);
  }

  @Test
  void delayedModeKeepsTheNameUntilTheEnd() {
    Vector v = (Vector) delayed.instant(storage(), "label_replace(rate(a[5m]), \"n\", \"$1\", \"__name__\", \"(.*)\")",
        600_000, QueryOptions.DEFAULT).exec().value();
    assertThat(v.samples().get(0).metric()).isEqualTo(Labels.of("env", "1", "n", "a"));
    Vector w = (Vector) immediate.instant(storage(), "label_replace(rate(a[5m]), \"n\", \"$1\", \"__name__\", \"(.*)\")",
        600_000, QueryOptions.DEFAULT).exec().value();
    assertThat(w.samples().get(0).metric()).isEqualTo(Labels.of("env", "1"));
  }

  @Test
  void comparisonsKeepTheNameUnlessBool() {
    Vector keep = (Vector) immediate.instant(storage(), "a > 1", 600_000, QueryOptions.DEFAULT).exec().value();
    assertThat(keep.samples().get(0).metric().metricName()).isEqualTo("a");
    Vector drop = (Vector) immediate.instant(storage(), "a > bool 1", 600_000, QueryOptions.DEFAULT).exec().value();
    assertThat(drop.samples().get(0).metric().metricName()).isEmpty();
  }
}
