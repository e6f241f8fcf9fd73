package io.strata.tsdb.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ascending iterator over series references. Because series references grow with label order, a
 * postings list in ascending order is also a list of series in label order.
 *
 * <p>Usage: {@code while (p.next()) use(p.at());}. Not thread-safe.
 */
public interface Postings {
  /** Advances to the next reference; false when exhausted. */
  boolean next();

  /**
   * Advances to the first reference {@code >= v}; a no-op if the current one already is. Returns false
   * when exhausted.
   */
  boolean seek(long v);

  /** The current reference; only valid after {@link #next} or {@link #seek} returned true. */
  long at();

  Postings EMPTY = new Postings() {
    @Override
    public boolean next() {
      return false;
    }

    @Override
    public boolean seek(long v) {
      return false;
    }

    @Override
    public long at() {
      throw new IllegalStateException("empty postings");
    }
  };

  static Postings of(long... refs) {
    return new ListPostings(refs, refs.length);
  }

  /** Series present in every one of {@code lists}. */
  static Postings intersect(List<Postings> lists) {
    if (lists.isEmpty()) {
      return EMPTY;
    }
    if (lists.size() == 1) {
      return lists.get(0);
    }
    for (Postings p : lists) {
      if (p == EMPTY) {
        return EMPTY;
      }
    }
    return new IntersectPostings(lists.toArray(new Postings[0]));
  }

  /** Series present in any of {@code lists}, without duplicates. */
  static Postings merge(List<Postings> lists) {
    List<Postings> nonEmpty = new ArrayList<>(lists.size());
    for (Postings p : lists) {
      if (p != EMPTY) {
        nonEmpty.add(p);
      }
    }
    if (nonEmpty.isEmpty()) {
      return EMPTY;
    }
    if (nonEmpty.size() == 1) {
      return nonEmpty.get(0);
    }
    return new MergedPostings(nonEmpty);
  }

  /** Series in {@code full} but not in {@code drop}. */
  static Postings without(Postings full, Postings drop) {
    if (full == EMPTY) {
      return EMPTY;
    }
    if (drop == EMPTY) {
      return full;
    }
    return new RemovedPostings(full, drop);
  }

  /** Drains the rest of {@code p} into an array. */
  static long[] toArray(Postings p) {
    long[] out = new long[16];
    int n = 0;
    while (p.next()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, n * 2);
      }
      out[n++] = p.at();
    }
    return Arrays.copyOf(out, n);
  }
}
