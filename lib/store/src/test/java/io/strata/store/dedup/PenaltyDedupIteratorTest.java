package io.strata.store.dedup;

import static io.strata.store.dedup.Samples.every;
import static io.strata.store.dedup.Samples.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.strata.store.dedup.Samples.S;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PenaltyDedupIteratorTest {
  /** Replica A of the worked example in the class comment: every 10 s, missing 40–70 s; value t/1000. */
  static final List<S> EXAMPLE_A = concat(every(0, 30_000, 10_000, 0), every(80_000, 110_000, 10_000, 0));
  /** Replica B: every 10 s from 5 s; value t/1000 + 0.5. */
  static final List<S> EXAMPLE_B = every(5_000, 115_000, 10_000, 0.5);

  static List<S> concat(List<S> a, List<S> b) {
    List<S> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("worked example of the class comment", List.of(EXAMPLE_A, EXAMPLE_B),
            concat(every(0, 30_000, 10_000, 0), every(45_000, 115_000, 10_000, 0.5))),
        arguments("replicas with the same timestamps and different gaps merge into their union",
            List.of(concat(every(0, 30_000, 10_000, 0), every(80_000, 150_000, 10_000, 0)),
                concat(every(0, 100_000, 10_000, 0), every(130_000, 150_000, 10_000, 0))),
            every(0, 150_000, 10_000, 0)),
        arguments("identical replicas give one of them", List.of(every(0, 60_000, 10_000, 0), every(0, 60_000, 10_000, 1)),
            every(0, 60_000, 10_000, 0)),
        arguments("the replica starting first is followed",
            List.of(every(10_100, 50_100, 10_000, 0), every(10_000, 50_000, 10_000, 1)),
            every(10_000, 50_000, 10_000, 1)),
        arguments("a run taken over at a gap may itself have a gap: the lead moves on again",
            // What OverlapSplit makes of replicas A (missing 40-70) and B: runs mixing both.
            List.of(concat(every(0, 30_000, 10_000, 0), every(50_000, 150_000, 10_000, 0)),
                concat(every(0, 40_000, 10_000, 0), every(80_000, 150_000, 10_000, 0))),
            every(0, 150_000, 10_000, 0)),
        arguments("a single missed sample is filled from the other replica, which keeps the lead",
            List.of(of(10_000, 1, 20_000, 1, 40_000, 1), every(10_000, 40_000, 10_000, 2)),
            of(10_000, 1, 20_000, 1, 30_000, 32, 40_000, 42)),
        arguments("scrape jitter does not switch",
            List.of(of(10_000, 1, 20_000, 1, 34_000, 1, 40_000, 1), every(11_000, 41_000, 10_000, 2)),
            of(10_000, 1, 20_000, 1, 34_000, 1, 40_000, 1)),
        arguments("a longer gap switches and stays; a sample just after the last one is not taken",
            List.of(of(0, 1, 15_000, 1, 30_000, 1, 45_000, 1, 120_000, 1, 135_000, 1), every(1_000, 121_000, 15_000, 0)),
            concat(concat(of(0, 1, 15_000, 1, 30_000, 1, 45_000, 1), every(61_000, 121_000, 15_000, 0)),
                of(135_000, 1))),
        arguments("an exhausted replica hands over",
            List.of(every(0, 60_000, 10_000, 0), every(2_000, 122_000, 10_000, 0.5)),
            concat(every(0, 60_000, 10_000, 0), every(72_000, 122_000, 10_000, 0.5))),
        arguments("one empty replica", List.of(List.of(), every(0, 30_000, 10_000, 0)), every(0, 30_000, 10_000, 0)),
        arguments("both empty", List.of(List.of(), List.of()), List.of()),
        arguments("three replicas fold pairwise",
            List.of(every(0, 20_000, 10_000, 0), every(1_000, 101_000, 10_000, 0.1), every(50_000, 150_000, 10_000, 0.2)),
            concat(concat(every(0, 20_000, 10_000, 0), every(31_000, 101_000, 10_000, 0.1)),
                every(110_000, 150_000, 10_000, 0.2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void deduplicates(String name, List<List<S>> replicas, List<S> expected) {
    assertThat(Samples.drain(PenaltyDedupIterator.of(Samples.iterators(replicas), false))).isEqualTo(expected);
  }

  /** The example of {@link CounterAdjustingIterator}: the switch lands on a lower counter value. */
  static final List<S> COUNTER_A = of(10_000, 20, 20_000, 30, 30_000, 45);
  static final List<S> COUNTER_B = of(10_000, 19, 20_000, 29, 30_000, 40, 40_000, 41, 50_000, 42, 60_000, 44, 70_000, 50);

  @Test
  void counterSwitchIsAdjustedUpwards() {
    SampleIterator it = PenaltyDedupIterator.of(Samples.iterators(List.of(COUNTER_A, COUNTER_B)), true);
    // A runs out after 30 s; B takes over at 40 s (41 < 45, so +4 from then on).
    assertThat(Samples.drain(it)).isEqualTo(of(10_000, 20, 20_000, 30, 30_000, 45, 40_000, 45, 50_000, 46, 60_000, 48,
        70_000, 54));
  }

  @Test
  void withoutCounterHintValuesAreUntouched() {
    SampleIterator it = PenaltyDedupIterator.of(Samples.iterators(List.of(COUNTER_A, COUNTER_B)), false);
    assertThat(Samples.drain(it)).isEqualTo(of(10_000, 20, 20_000, 30, 30_000, 45, 40_000, 41, 50_000, 42, 60_000, 44,
        70_000, 50));
  }

  @Test
  void counterSwitchToAHigherValueIsNotAdjusted() {
    List<S> b = of(10_000, 19, 60_000, 50, 70_000, 60);
    SampleIterator it = PenaltyDedupIterator.of(Samples.iterators(List.of(COUNTER_A, b)), true);
    assertThat(Samples.drain(it)).isEqualTo(of(10_000, 20, 20_000, 30, 30_000, 45, 60_000, 50, 70_000, 60));
  }

  @Test
  void dedupedCounterNeverGoesDownAcrossSwitches() {
    // Two switches (A to B at 35 s, since A's gap; B to A would need B to stall): the output stays monotonic.
    List<S> a = of(0, 10, 10_000, 20, 50_000, 60, 60_000, 70);
    List<S> b = of(5_000, 9, 35_000, 30, 45_000, 40, 100_000, 80, 110_000, 90);
    List<S> out = Samples.drain(PenaltyDedupIterator.of(Samples.iterators(List.of(a, b)), true));
    for (int i = 1; i < out.size(); i++) {
      assertThat(out.get(i).v()).as("sample %d of %s", i, out).isGreaterThanOrEqualTo(out.get(i - 1).v());
      assertThat(out.get(i).t()).isGreaterThan(out.get(i - 1).t());
    }
  }

  @Test
  void seekIteratesNextSoTheFirstSampleIsNotRepeated() {
    SampleIterator it = PenaltyDedupIterator.of(Samples.iterators(List.of(EXAMPLE_A, EXAMPLE_B)), false);
    assertThat(it.seek(-1)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isZero();
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(10_000);
    assertThat(it.seek(10_000)).as("seeking to the current sample stays").isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(10_000);
  }

  @Test
  void seekFollowsTheSameSwitchesAsNext() {
    SampleIterator it = PenaltyDedupIterator.of(Samples.iterators(List.of(EXAMPLE_A, EXAMPLE_B)), false);
    assertThat(it.seek(35_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(45_000);
    assertThat(it.atValue()).isEqualTo(45.5);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(55_000);
    assertThat(it.seek(1_000_000)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void aReplicaOffsetByAFewSecondsNeverTakesTheLead() {
    List<S> a = of(0, 1, 10_000, 1, 20_000, 1);
    // Thanos's 5 s initial penalty lets a replica 6 s behind take over after the first sample; here the leader
    // keeps the lead while it has no gap, and the other continues only once it has run out.
    assertThat(Samples.drain(PenaltyDedupIterator.of(Samples.iterators(List.of(a, of(4_000, 2, 14_000, 2, 24_000, 2))),
        false))).as("24 s is too close to 20 s to follow it").isEqualTo(a);
    assertThat(Samples.drain(PenaltyDedupIterator.of(Samples.iterators(List.of(a, of(6_000, 2, 16_000, 2, 26_000, 2))),
        false))).isEqualTo(of(0, 1, 10_000, 1, 20_000, 1, 26_000, 2));
  }
}
