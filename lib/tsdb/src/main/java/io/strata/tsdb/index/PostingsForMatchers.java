package io.strata.tsdb.index;

import io.strata.model.LabelMatcher;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a set of label matchers to the postings of the series they select, with Prometheus's
 * semantics (algorithm of {@code PostingsForMatchers} in Prometheus tsdb/querier.go).
 *
 * <p>The subtle part is the empty value: a matcher that matches {@code ""} also selects series that
 * lack the label, so it cannot be answered from that label's postings alone. Such matchers are turned
 * around: the series carrying a value the matcher rejects are subtracted from the rest. For example
 * {@code {job="api", env!="prod"}} intersects {@code job="api"} and subtracts {@code env="prod"}, and
 * {@code {env=""}} is every series minus those that have any {@code env}.
 */
public final class PostingsForMatchers {
  private PostingsForMatchers() {}

  public static Postings select(IndexReader ix, List<LabelMatcher> matchers) throws IOException {
    if (matchers.isEmpty()) {
      return ix.allPostings();
    }
    Set<String> mustBeSet = new HashSet<>();
    for (LabelMatcher m : matchers) {
      if (!m.matchesEmpty()) {
        mustBeSet.add(m.name());
      }
    }
    List<LabelMatcher> intersecting = new ArrayList<>();
    List<LabelMatcher> subtracting = new ArrayList<>();
    for (LabelMatcher m : matchers) {
      boolean subtract = !mustBeSet.contains(m.name()) || (m.type().isNegative() && m.matchesEmpty());
      (subtract ? subtracting : intersecting).add(m);
    }
    List<Postings> its = new ArrayList<>();
    List<Postings> notIts = new ArrayList<>();
    if (intersecting.isEmpty()) {
      its.add(ix.allPostings());
    }
    List<LabelMatcher> ordered = new ArrayList<>(intersecting);
    ordered.addAll(subtracting);
    for (LabelMatcher m : ordered) {
      LabelMatcher.Type t = m.type();
      if (t == LabelMatcher.Type.RE && m.value().equals(".*")) {
        continue;
      }
      if (t == LabelMatcher.Type.NRE && m.value().equals(".*")) {
        return Postings.EMPTY;
      }
      if (t == LabelMatcher.Type.RE && m.value().equals(".+")) {
        Postings p = ix.postingsForValues(m.name(), v -> true);
        if (p == Postings.EMPTY) {
          return Postings.EMPTY;
        }
        its.add(p);
      } else if (t == LabelMatcher.Type.NRE && m.value().equals(".+")) {
        notIts.add(ix.postingsForValues(m.name(), v -> true));
      } else if (mustBeSet.contains(m.name())) {
        boolean matchesEmpty = m.matchesEmpty();
        if (t.isNegative() && matchesEmpty) {
          // l!="foo": subtract the series that have l="foo".
          notIts.add(postingsForMatcher(ix, m.inverse()));
        } else {
          // l!="" (inverted: values the positive form rejects) or l="a", l=~"a.+".
          Postings p = t.isNegative() ? inversePostingsForMatcher(ix, m.inverse()) : postingsForMatcher(ix, m);
          if (p == Postings.EMPTY) {
            return Postings.EMPTY;
          }
          its.add(p);
        }
      } else {
        // l="" or l=~"a|": selects series without l, so subtract those whose l the matcher rejects.
        notIts.add(inversePostingsForMatcher(ix, m));
      }
    }
    Postings result = Postings.intersect(its);
    for (Postings n : notIts) {
      result = Postings.without(result, n);
    }
    return result;
  }

  /** Series whose value of the label matches {@code m}; never series lacking the label. */
  static Postings postingsForMatcher(IndexReader ix, LabelMatcher m) throws IOException {
    if (m.type() == LabelMatcher.Type.EQ) {
      return ix.postings(m.name(), List.of(m.value()));
    }
    if (m.type() == LabelMatcher.Type.RE && !m.setMatches().isEmpty()) {
      return ix.postings(m.name(), m.setMatches());
    }
    return ix.postingsForValues(m.name(), m::matches);
  }

  /** Series that have the label with a value that does not match {@code m}. */
  static Postings inversePostingsForMatcher(IndexReader ix, LabelMatcher m) throws IOException {
    if (m.type() == LabelMatcher.Type.NRE && !m.setMatches().isEmpty()) {
      return ix.postings(m.name(), m.setMatches());
    }
    if (m.type() == LabelMatcher.Type.NEQ) {
      return ix.postings(m.name(), List.of(m.value()));
    }
    if (m.value().isEmpty() && (m.type() == LabelMatcher.Type.EQ || m.type() == LabelMatcher.Type.RE)) {
      return ix.postingsForValues(m.name(), v -> true);
    }
    return ix.postingsForValues(m.name(), v -> !m.matches(v));
  }
}
