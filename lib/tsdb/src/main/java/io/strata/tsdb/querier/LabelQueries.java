package io.strata.tsdb.querier;

import io.strata.model.LabelMatcher;
import io.strata.model.Utf8Order;
import io.strata.tsdb.index.IndexReader;
import io.strata.tsdb.index.ListPostings;
import io.strata.tsdb.index.Postings;
import io.strata.tsdb.index.PostingsForMatchers;
import io.strata.tsdb.index.SeriesEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Label names and values of an index restricted to the series that match a set of matchers, with
 * Prometheus's algorithm (tsdb/querier.go {@code labelValuesWithMatchers}, {@code labelNamesWithMatchers}):
 * values are filtered by matchers on the same label first, and only if other labels are constrained are
 * postings intersected; names are collected from the matching series' entries.
 */
public final class LabelQueries {
  private LabelQueries() {}

  /** Values of {@code name} carried by at least one series matching {@code matchers}; ascending. */
  public static List<String> labelValues(IndexReader ix, String name, List<LabelMatcher> matchers) throws IOException {
    List<String> values = ix.labelValues(name);
    boolean otherLabels = false;
    for (LabelMatcher m : matchers) {
      if (!m.name().equals(name)) {
        otherLabels = true;
        continue;
      }
      List<String> kept = new ArrayList<>(values.size());
      for (String v : values) {
        if (m.matches(v)) {
          kept.add(v);
        }
      }
      values = kept;
    }
    if (values.isEmpty() || !otherLabels) {
      return values;
    }
    long[] selected = Postings.toArray(PostingsForMatchers.select(ix, matchers));
    List<String> out = new ArrayList<>();
    for (String v : values) {
      Postings p = Postings.intersect(List.of(ix.postings(name, List.of(v)), new ListPostings(selected, selected.length)));
      if (p.next()) {
        out.add(v);
      }
    }
    return out;
  }

  /** Label names carried by at least one series matching {@code matchers}; all names if none given. */
  public static List<String> labelNames(IndexReader ix, List<LabelMatcher> matchers) throws IOException {
    if (matchers.isEmpty()) {
      return ix.labelNames();
    }
    Postings p = PostingsForMatchers.select(ix, matchers);
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    SeriesEntry e = new SeriesEntry();
    while (p.next()) {
      ix.series(p.at(), e);
      for (int i = 0; i < e.labels().size(); i++) {
        names.add(e.labels().name(i));
      }
    }
    return new ArrayList<>(names);
  }
}
