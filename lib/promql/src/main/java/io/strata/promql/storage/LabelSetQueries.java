package io.strata.promql.storage;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Matching and label queries over the label sets of a storage that keeps its series in memory. */
final class LabelSetQueries {
  private LabelSetQueries() {}

  static boolean matches(Labels l, LabelMatcher[] matchers) {
    for (LabelMatcher m : matchers) {
      if (!m.matches(l.get(m.name()))) {
        return false;
      }
    }
    return true;
  }

  /** The sorted values of {@code name} among the series that match. */
  static List<String> labelValues(Iterable<Labels> series, String name, LabelMatcher[] matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Labels l : series) {
      if (matches(l, matchers) && l.has(name)) {
        out.add(l.get(name));
      }
    }
    return new ArrayList<>(out);
  }

  /** The sorted label names of the series that match. */
  static List<String> labelNames(Iterable<Labels> series, LabelMatcher[] matchers) {
    TreeSet<String> out = new TreeSet<>();
    for (Labels l : series) {
      if (matches(l, matchers)) {
        for (int i = 0; i < l.size(); i++) {
          out.add(l.name(i));
        }
      }
    }
    return new ArrayList<>(out);
  }
}
