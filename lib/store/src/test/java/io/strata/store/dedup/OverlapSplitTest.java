package io.strata.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.strata.proto.thanos.AggrChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OverlapSplitTest {
  /** Chunks as {min, max} pairs. */
  static List<AggrChunk> chunks(long... minMax) {
    List<AggrChunk> out = new ArrayList<>();
    for (int i = 0; i < minMax.length; i += 2) {
      out.add(AggrChunk.newBuilder().setMinTime(minMax[i]).setMaxTime(minMax[i + 1]).build());
    }
    return out;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        arguments("no chunks: one empty run", chunks(), List.of(chunks())),
        arguments("disjoint chunks stay together", chunks(0, 10, 11, 20, 30, 40), List.of(chunks(0, 10, 11, 20, 30, 40))),
        arguments("touching chunks overlap", chunks(0, 10, 10, 20), List.of(chunks(0, 10), chunks(10, 20))),
        arguments("two interleaved replicas", chunks(0, 10, 5, 15, 11, 20, 16, 25),
            List.of(chunks(0, 10, 11, 20), chunks(5, 15, 16, 25))),
        arguments("three identical chunks", chunks(0, 10, 0, 10, 0, 10),
            List.of(chunks(0, 10), chunks(0, 10), chunks(0, 10))),
        arguments("a long chunk lets the first run continue past it", chunks(0, 10, 5, 30, 12, 20, 31, 40),
            List.of(chunks(0, 10, 12, 20, 31, 40), chunks(5, 30))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void splitsIntoNonOverlappingRuns(String name, List<AggrChunk> in, List<List<AggrChunk>> expected) {
    assertThat(OverlapSplit.split(in)).isEqualTo(expected);
  }
}
