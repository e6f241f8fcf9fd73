package io.strata.promql.storage;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * A {@link Querier} over series kept in memory in a map sorted by labels, for the storages that hold whole series
 * (test data, the conformance runner's loads). Each storage says only how to iterate one series' samples.
 *
 * @param <D> a series' samples as the storage keeps them
 */
final class MapQuerier<D> implements Querier {
  private final SortedMap<Labels, D> series;
  private final BiFunction<D, SampleIterator, SampleIterator> samples;

  /**
   * @param samples an iterator over a series' samples, reusing the given iterator (may be null) where it can
   */
  MapQuerier(SortedMap<Labels, D> series, BiFunction<D, SampleIterator, SampleIterator> samples) {
    this.series = series;
    this.samples = samples;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers) {
    Iterator<Map.Entry<Labels, D>> it = series.entrySet().iterator();
    return new SeriesSet() {
      private Map.Entry<Labels, D> current;

      @Override
      public boolean next() {
        while (it.hasNext()) {
          Map.Entry<Labels, D> e = it.next();
          if (matches(e.getKey(), matchers)) {
            current = e;
            return true;
          }
        }
        current = null;
        return false;
      }

      @Override
      public StorageSeries at() {
        Map.Entry<Labels, D> e = current;
        return new StorageSeries() {
          @Override
          public Labels labels() {
            return e.getKey();
          }

          @Override
          public SampleIterator iterator(SampleIterator reuse) {
            return samples.apply(e.getValue(), reuse);
          }
        };
      }
    };
  }

  @Override
  public List<String> labelValues(String name, LabelMatcher... matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Labels l : series.keySet()) {
      if (matches(l, matchers) && l.has(name)) {
        out.add(l.get(name));
      }
    }
    return new ArrayList<>(out);
  }

  @Override
  public List<String> labelNames(LabelMatcher... matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Labels l : series.keySet()) {
      if (matches(l, matchers)) {
        for (int i = 0; i < l.size(); i++) {
          out.add(l.name(i));
        }
      }
    }
    return new ArrayList<>(out);
  }

  @Override
  public void close() {}

  private static boolean matches(Labels l, LabelMatcher[] matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(l.get(m.name()))) {
        return false;
      }
    }
    return true;
  }
}
