package io.strata.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.store.ExternalLabels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SeriesReorderTest {
  static RemoteSeries series(Labels stored, Labels ext, Set<String> without, long t) {
    return new RemoteSeries(stored, ExternalLabels.attach(stored, ext, without),
        List.of(AggrChunk.newBuilder().setMinTime(t).setMaxTime(t).build()));
  }

  static List<Labels> drain(SeriesSource s) throws IOException {
    List<Labels> out = new ArrayList<>();
    for (RemoteSeries r = s.next(); r != null; r = s.next()) {
      out.add(r.served());
    }
    return out;
  }

  @Test
  void prefixSeriesMoveBehindTheirExtensions() throws IOException {
    Labels ext = Labels.of("n", "v");
    List<RemoteSeries> in = new ArrayList<>();
    for (Labels l : List.of(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), Labels.of("a", "1", "b", "2"),
        Labels.of("a", "1", "z", "1"), Labels.of("a", "2"))) {
      in.add(series(l, ext, Set.of(), 0));
    }
    assertThat(drain(SeriesReorder.holdBack(SeriesReorder.fromList(in), ext))).containsExactly(
        Labels.of("a", "1", "b", "1", "n", "v"), Labels.of("a", "1", "b", "2", "n", "v"),
        Labels.of("a", "1", "n", "v"), Labels.of("a", "1", "n", "v", "z", "1"), Labels.of("a", "2", "n", "v"));
  }

  @Test
  void settledWhenTheNextSeriesDoesNotExtendOrExtendsPastTheAddedNames() {
    assertThat(SeriesReorder.settled(Labels.of("a", "1"), Labels.of("a", "2"), "n")).isTrue();
    assertThat(SeriesReorder.settled(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), "n")).isFalse();
    assertThat(SeriesReorder.settled(Labels.of("a", "1"), Labels.of("a", "1", "z", "1"), "n")).isTrue();
    assertThat(SeriesReorder.settled(Labels.of("a", "1", "b", "1"), Labels.of("a", "1"), "n")).isTrue();
  }

  /** Random stored sets in Prometheus order: holding back must give exactly the fully sorted served order. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void holdingBackEqualsSortingForRandomData(int seed) throws IOException {
    Random r = new Random(seed);
    String[] names = {"__name__", "b", "d", "job", "p", "x"};
    Labels ext = switch (seed % 4) {
      case 0 -> Labels.of("c", "1");
      case 1 -> Labels.of("cluster", "eu", "replica", "0");
      case 2 -> Labels.of("a", "1", "zz", "2");
      default -> Labels.of("m", "x");
    };
    Set<String> without = seed % 2 == 0 ? Set.of() : Set.of(ext.name(ext.size() - 1));
    TreeSet<Labels> stored = new TreeSet<>();
    for (int i = 0; i < 400; i++) {
      Labels.Builder b = Labels.builder();
      for (String n : names) {
        if (r.nextInt(3) > 0) {
          b.set(n, Integer.toString(r.nextInt(3)));
        }
      }
      Labels l = b.build();
      if (!l.isEmpty()) {
        stored.add(l);
      }
    }
    List<RemoteSeries> in = new ArrayList<>();
    TreeSet<Labels> expected = new TreeSet<>();
    for (Labels l : stored) {
      RemoteSeries s = series(l, ext, without, 0);
      in.add(s);
      expected.add(s.served());
    }
    assertThat(expected).hasSize(in.size());
    assertThat(drain(SeriesReorder.holdBack(SeriesReorder.fromList(in), ext.without(without))))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void sortAllMergesSeriesThatBecomeEqual() throws IOException {
    Labels ext = Labels.of("region", "eu");
    Set<String> without = Set.of("replica");
    List<RemoteSeries> in = List.of(
        series(Labels.of("__name__", "x", "replica", "1"), ext, without, 10),
        series(Labels.of("__name__", "x", "replica", "2"), ext, without, 5),
        series(Labels.of("__name__", "a", "region", "other"), ext, without, 1));
    SeriesSource s = SeriesReorder.sortAll(SeriesReorder.fromList(in));
    RemoteSeries first = s.next();
    assertThat(first.served()).isEqualTo(Labels.of("__name__", "a", "region", "eu"));
    RemoteSeries second = s.next();
    assertThat(second.served()).isEqualTo(Labels.of("__name__", "x", "region", "eu"));
    assertThat(second.chunks()).extracting(AggrChunk::getMinTime).containsExactly(5L, 10L);
    assertThat(s.next()).isNull();
  }
}
