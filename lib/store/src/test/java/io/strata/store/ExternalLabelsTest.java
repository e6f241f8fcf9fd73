package io.strata.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExternalLabelsTest {
  static final Labels EXT = Labels.of("region", "eu", "replica", "r1");

  @Test
  void externalLabelsAreSetOverStoredOnes() {
    assertThat(ExternalLabels.attach(Labels.of("a", "1", "region", "us", "z", "9"), EXT, Set.of()))
        .isEqualTo(Labels.of("a", "1", "region", "eu", "replica", "r1", "z", "9"));
    assertThat(ExternalLabels.attach(Labels.of("a", "1"), Labels.EMPTY, Set.of())).isEqualTo(Labels.of("a", "1"));
  }

  @Test
  void withoutRemovesStoredAndExternalLabels() {
    assertThat(ExternalLabels.attach(Labels.of("a", "1", "replica", "x", "pod", "p"), EXT, Set.of("replica", "pod")))
        .isEqualTo(Labels.of("a", "1", "region", "eu"));
    assertThat(ExternalLabels.attach(Labels.of("a", "1", "b", "2"), Labels.EMPTY, Set.of("b")))
        .isEqualTo(Labels.of("a", "1"));
  }

  @Test
  void matchersOnExternalLabelsDecideTheWholeStream() {
    List<LabelMatcher> ms = List.of(LabelMatcher.equal("region", "eu"), LabelMatcher.regex("job", "a.*"),
        LabelMatcher.notEqual("replica", "r2"));
    assertThat(ExternalLabels.remaining(ms, EXT)).containsExactly(LabelMatcher.regex("job", "a.*"));
    assertThat(ExternalLabels.remaining(List.of(LabelMatcher.equal("region", "us")), EXT)).isNull();
    assertThat(ExternalLabels.remaining(List.of(LabelMatcher.equal("region", "")), EXT)).isNull();
    assertThat(ExternalLabels.remaining(ms, Labels.EMPTY)).isSameAs(ms);
  }

  @Test
  void storeSelectionNeedsOneUncontradictedLabelSet() {
    List<Labels> sets = List.of(Labels.of("region", "eu"), Labels.of("region", "us", "tenant", "t1"));
    assertThat(ExternalLabels.anyMatches(List.of(LabelMatcher.equal("region", "us")), sets)).isTrue();
    assertThat(ExternalLabels.anyMatches(List.of(LabelMatcher.equal("region", "ap")), sets)).isFalse();
    assertThat(ExternalLabels.anyMatches(List.of(LabelMatcher.equal("tenant", "t2")), sets))
        .as("the eu set has no tenant label, so it is not contradicted").isTrue();
    assertThat(ExternalLabels.anyMatches(List.of(LabelMatcher.equal("region", "ap")), List.of()))
        .as("a store announcing nothing may hold anything").isTrue();
  }
}
