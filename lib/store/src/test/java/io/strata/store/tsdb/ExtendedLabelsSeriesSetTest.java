package io.strata.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.ChunkSeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExtendedLabelsSeriesSetTest {
  /** Stored series in label order, no chunks. */
  static ChunkSeriesSet set(List<Labels> sorted) {
    return new ChunkSeriesSet() {
      private int i = -1;

      @Override
      public boolean next() {
        return ++i < sorted.size();
      }

      @Override
      public Labels labels() {
        return sorted.get(i);
      }

      @Override
      public List<Chunk> chunks() {
        return List.of();
      }

      @Override
      public List<Tombstones.Interval> deleted() {
        return List.of();
      }
    };
  }

  static List<Labels> run(List<Labels> stored, Labels add) throws Exception {
    ExtendedLabelsSeriesSet s = new ExtendedLabelsSeriesSet(set(stored), add, true, "test");
    List<Labels> out = new ArrayList<>();
    while (s.next()) {
      out.add(s.labels());
    }
    return out;
  }

  @Test
  void prefixSeriesMoveBehindTheirExtensions() throws Exception {
    List<Labels> stored = new ArrayList<>(List.of(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"),
        Labels.of("a", "1", "b", "1", "c", "1"), Labels.of("a", "1", "b", "2"), Labels.of("a", "1", "z", "1"),
        Labels.of("a", "2")));
    stored.sort(null);
    assertThat(run(stored, Labels.of("n", "v"))).containsExactly(
        Labels.of("a", "1", "b", "1", "c", "1", "n", "v"), Labels.of("a", "1", "b", "1", "n", "v"),
        Labels.of("a", "1", "b", "2", "n", "v"), Labels.of("a", "1", "n", "v"), Labels.of("a", "1", "n", "v", "z", "1"),
        Labels.of("a", "2", "n", "v"));
  }

  /** The ordering argument of the class comment, checked on random label sets. */
  @Test
  void outputIsSortedForRandomLabelSets() throws Exception {
    String[] storedNames = {"__name__", "a", "b", "job", "x", "zz"};
    String[][] additions = {{}, {"m", "1"}, {"region", "eu"}, {"c", "1", "y", "2"}, {"0", "x"}, {"zzz", "1"}};
    Random rnd = new Random(42);
    for (int round = 0; round < 300; round++) {
      TreeSet<Labels> stored = new TreeSet<>();
      int n = 1 + rnd.nextInt(40);
      for (int i = 0; i < n; i++) {
        Labels.Builder b = Labels.builder();
        for (String name : storedNames) {
          if (rnd.nextInt(3) == 0) {
            b.set(name, String.valueOf(rnd.nextInt(2)));
          }
        }
        Labels l = b.build();
        if (!l.isEmpty()) {
          stored.add(l);
        }
      }
      Labels add = Labels.of(additions[round % additions.length]);
      List<Labels> expected = new ArrayList<>();
      for (Labels l : stored) {
        expected.add(l.mergedWith(add));
      }
      expected.sort(null);
      assertThat(run(new ArrayList<>(stored), add)).as("round %d, adding %s to %s", round, add, stored)
          .containsExactlyElementsOf(expected);
    }
  }
}
