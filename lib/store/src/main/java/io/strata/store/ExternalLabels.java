package io.strata.store;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How the external labels of a block stream (meta.json {@code thanos.labels}) meet stored series labels
 * and request matchers. Every store that serves blocks uses these rules, so they live in one place.
 *
 * <ul>
 *   <li><b>Attaching</b>: a served series carries its stored labels with the external labels set over
 *       them; on a name clash the <em>external</em> value wins. This is Thanos's rule
 *       ({@code labelpb.ExtendSortedLabels}, asserted by its store acceptance test "conflicting internal and
 *       external labels"), and the only one under which a store's Info label sets are true of every series
 *       it serves — which is what lets a proxy skip a store by its label sets alone.
 *   <li><b>Matching</b> (Thanos {@code matchesExternalLabels}): a matcher on an external label is decided by
 *       the external value once per stream: if it rejects the value the stream holds nothing for the
 *       request; if it accepts it the matcher is dropped before the index lookup (the index does not know
 *       external labels).
 *   <li><b>Store selection</b> (Thanos {@code LabelSetsMatch}): a store with several label sets may hold data
 *       if any one of them is not contradicted; a matcher on a name a label set lacks contradicts nothing.
 *   <li><b>Replica labels</b>: with {@code without_replica_labels}, those names are removed from served
 *       series (stored or external), which then sort and merge as if the labels had never existed.
 * </ul>
 */
public final class ExternalLabels {
  private ExternalLabels() {}

  /**
   * The labels a series is served with: {@code stored} with {@code external} set over it, minus the names in
   * {@code without}.
   */
  public static Labels attach(Labels stored, Labels external, Set<String> without) {
    if (external.isEmpty()) {
      return without.isEmpty() ? stored : stored.without(without);
    }
    String[] out = new String[2 * (stored.size() + external.size())];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < stored.size() || j < external.size()) {
      int c;
      if (i >= stored.size()) {
        c = 1;
      } else if (j >= external.size()) {
        c = -1;
      } else {
        c = Utf8Order.compare(stored.name(i), external.name(j));
      }
      String name;
      String value;
      if (c < 0) {
        name = stored.name(i);
        value = stored.value(i++);
      } else {
        name = external.name(j);
        value = external.value(j++);
        if (c == 0) {
          i++;
        }
      }
      if (!without.contains(name)) {
        out[n++] = name;
        out[n++] = value;
      }
    }
    return Labels.ofSorted(n == out.length ? out : Arrays.copyOf(out, n));
  }

  /**
   * Matchers left for the index of a stream with these external labels, or {@code null} when a matcher
   * on an external label rejects its value (the stream holds nothing for the request).
   */
  public static List<LabelMatcher> remaining(List<LabelMatcher> matchers, Labels external) {
    if (external.isEmpty()) {
      return matchers;
    }
    List<LabelMatcher> out = new ArrayList<>(matchers.size());
    for (LabelMatcher m : matchers) {
      int idx = external.indexOf(m.name());
      if (idx < 0) {
        out.add(m);
      } else if (!m.matches(external.value(idx))) {
        return null;
      }
    }
    return out;
  }

  /**
   * Whether a store announcing {@code labelSets} may hold series selected by {@code matchers}: true when
   * it announces none, or when at least one label set does not contradict a matcher.
   */
  public static boolean anyMatches(List<LabelMatcher> matchers, List<Labels> labelSets) {
    if (labelSets.isEmpty()) {
      return true;
    }
    for (Labels set : labelSets) {
      if (matches(matchers, set)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<LabelMatcher> matchers, Labels set) {
    for (LabelMatcher m : matchers) {
      int idx = set.indexOf(m.name());
      if (idx >= 0 && !m.matches(set.value(idx))) {
        return false;
      }
    }
    return true;
  }
}
