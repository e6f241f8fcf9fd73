package io.strata.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name, without duplicate names or empty values (an empty value
 * means "absent" in Prometheus).
 *
 * <p>Stored as one flat array of alternating names and values: series sets hold millions of these, so
 * there is no per-label object ({@link #asList()} makes them on demand). Not {@code Iterable}, on purpose:
 * that would make it ambiguous to assertion libraries and invite allocation in loops. The hash code is cached; {@link #compareTo} is Prometheus's
 * {@code labels.Compare}: label by label, name then value, in UTF-8 byte order, a prefix sorting first.
 */
public final class Labels implements Comparable<Labels> {
  public static final String METRIC_NAME = "__name__";
  public static final Labels EMPTY = new Labels(new String[0]);

  /** Alternating name, value; names strictly ascending in UTF-8 order. */
  private final String[] pairs;
  private int hash;

  private Labels(String[] pairs) {
    this.pairs = pairs;
  }

  /**
   * Builds a label set from alternating names and values in any order. Empty values are dropped.
   *
   * @throws IllegalArgumentException on an odd argument count or a duplicate name
   */
  public static Labels of(String... nameValues) {
    if ((nameValues.length & 1) != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + nameValues.length + " strings");
    }
    Builder b = new Builder(nameValues.length / 2);
    for (int i = 0; i < nameValues.length; i += 2) {
      b.add(nameValues[i], nameValues[i + 1]);
    }
    return b.build();
  }

  public static Labels fromMap(Map<String, String> map) {
    Builder b = new Builder(map.size());
    map.forEach(b::add);
    return b.build();
  }

  /**
   * Wraps pairs that are already sorted by name, as read from an index or decoded from a sorted wire
   * message. Verifies the order (cheap, linear) because a mis-sorted set would silently break every
   * merge downstream.
   *
   * @param pairs alternating name, value; the array is owned by the result afterwards
   * @throws IllegalArgumentException if names are not strictly ascending or a value is empty
   */
  public static Labels ofSorted(String[] pairs) {
    if ((pairs.length & 1) != 0) {
      throw new IllegalArgumentException("labels need name/value pairs, got " + pairs.length + " strings");
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1].isEmpty()) {
        throw new IllegalArgumentException("empty value for label " + pairs[i]);
      }
      if (i > 0 && Utf8Order.compare(pairs[i - 2], pairs[i]) >= 0) {
        throw new IllegalArgumentException(
            "label names not strictly ascending: " + pairs[i - 2] + " before " + pairs[i]);
      }
    }
    return pairs.length == 0 ? EMPTY : new Labels(pairs);
  }

  public static Builder builder() {
    return new Builder(8);
  }

  /** A builder starting from this set; {@code set}/{@code del} then override. */
  public Builder toBuilder() {
    Builder b = new Builder(size() + 2);
    for (int i = 0; i < pairs.length; i += 2) {
      b.add(pairs[i], pairs[i + 1]);
    }
    return b;
  }

  public int size() {
    return pairs.length >> 1;
  }

  public boolean isEmpty() {
    return pairs.length == 0;
  }

  public String name(int i) {
    return pairs[i << 1];
  }

  public String value(int i) {
    return pairs[(i << 1) + 1];
  }

  /** The value of {@code name}, or {@code ""} when absent (Prometheus semantics). */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? "" : pairs[(i << 1) + 1];
  }

  public boolean has(String name) {
    return indexOf(name) >= 0;
  }

  public String metricName() {
    return get(METRIC_NAME);
  }

  /** Index of {@code name} in name order, or a negative number when absent. */
  public int indexOf(String name) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Utf8Order.compare(pairs[mid << 1], name);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** This set without the given names. */
  public Labels without(Collection<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    String[] out = new String[pairs.length];
    int n = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (!names.contains(pairs[i])) {
        out[n++] = pairs[i];
        out[n++] = pairs[i + 1];
      }
    }
    return n == pairs.length ? this : n == 0 ? EMPTY : new Labels(Arrays.copyOf(out, n));
  }

  public Labels without(String... names) {
    return without(Arrays.asList(names));
  }

  /** Only the labels with the given names. */
  public Labels keep(Collection<String> names) {
    String[] out = new String[pairs.length];
    int n = 0;
    for (int i = 0; i < pairs.length; i += 2) {
      if (names.contains(pairs[i])) {
        out[n++] = pairs[i];
        out[n++] = pairs[i + 1];
      }
    }
    return n == pairs.length ? this : n == 0 ? EMPTY : new Labels(Arrays.copyOf(out, n));
  }

  public Labels withoutMetricName() {
    return indexOf(METRIC_NAME) < 0 ? this : without(List.of(METRIC_NAME));
  }

  /**
   * Merges {@code other} into this set; on a name present in both, this set's value wins. This is how
   * Prometheus and Thanos attach external labels to stored series (stored labels win).
   */
  public Labels mergedWith(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    String[] out = new String[pairs.length + other.pairs.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < pairs.length || j < other.pairs.length) {
      int c;
      if (i >= pairs.length) {
        c = 1;
      } else if (j >= other.pairs.length) {
        c = -1;
      } else {
        c = Utf8Order.compare(pairs[i], other.pairs[j]);
      }
      if (c <= 0) {
        out[n++] = pairs[i];
        out[n++] = pairs[i + 1];
        i += 2;
        if (c == 0) {
          j += 2;
        }
      } else {
        out[n++] = other.pairs[j];
        out[n++] = other.pairs[j + 1];
        j += 2;
      }
    }
    return new Labels(n == out.length ? out : Arrays.copyOf(out, n));
  }

  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < pairs.length; i += 2) {
      action.accept(pairs[i], pairs[i + 1]);
    }
  }

  /** Insertion-ordered (= name-ordered) map view copy. */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    forEach(m::put);
    return m;
  }

  public List<Label> asList() {
    return new AbstractList<>() {
      @Override
      public Label get(int index) {
        return new Label(name(index), value(index));
      }

      @Override
      public int size() {
        return Labels.this.size();
      }
    };
  }

  @Override
  public int compareTo(Labels o) {
    if (this == o) {
      return 0;
    }
    int n = Math.min(pairs.length, o.pairs.length);
    for (int i = 0; i < n; i++) {
      String a = pairs[i];
      String b = o.pairs[i];
      if (!a.equals(b)) {
        return Utf8Order.compare(a, b);
      }
    }
    return pairs.length - o.pairs.length;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Labels other) || other.pairs.length != pairs.length) {
      return false;
    }
    if (hash != 0 && other.hash != 0 && hash != other.hash) {
      return false;
    }
    return Arrays.equals(pairs, other.pairs);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(pairs);
      hash = h == 0 ? 1 : h;
    }
    return hash;
  }

  /** Prometheus's {@code Labels.String()}: {@code {a="1", b="2"}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(pairs.length * 8 + 2).append('{');
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(pairs[i]).append('=').append('"');
      GoQuote.appendEscaped(b, pairs[i + 1], '"');
      b.append('"');
    }
    return b.append('}').toString();
  }

  /** Collects labels in any order; the last value set for a name wins, empty values delete. */
  public static final class Builder {
    private String[] names;
    private String[] values;
    private int n;

    private Builder(int capacity) {
      names = new String[Math.max(capacity, 4)];
      values = new String[names.length];
    }

    /** Adds a label, rejecting a second value for the same name (used when parsing input). */
    Builder add(String name, String value) {
      for (int i = 0; i < n; i++) {
        if (names[i].equals(name)) {
          throw new IllegalArgumentException("duplicate label name " + name);
        }
      }
      append(name, value);
      return this;
    }

    /** Sets {@code name} to {@code value}; an empty value removes the label. */
    public Builder set(String name, String value) {
      for (int i = 0; i < n; i++) {
        if (names[i].equals(name)) {
          values[i] = value;
          return this;
        }
      }
      append(name, value);
      return this;
    }

    public Builder del(String name) {
      return set(name, "");
    }

    public String get(String name) {
      for (int i = 0; i < n; i++) {
        if (names[i].equals(name)) {
          return values[i];
        }
      }
      return "";
    }

    private void append(String name, String value) {
      if (name == null || value == null) {
        throw new NullPointerException("label name and value must not be null");
      }
      if (n == names.length) {
        names = Arrays.copyOf(names, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      names[n] = name;
      values[n] = value;
      n++;
    }

    public Labels build() {
      Integer[] order = new Integer[n];
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (!values[i].isEmpty()) {
          order[kept++] = i;
        }
      }
      if (kept == 0) {
        return EMPTY;
      }
      Integer[] idx = Arrays.copyOf(order, kept);
      Arrays.sort(idx, (x, y) -> Utf8Order.compare(names[x], names[y]));
      String[] pairs = new String[kept * 2];
      for (int i = 0; i < kept; i++) {
        pairs[2 * i] = names[idx[i]];
        pairs[2 * i + 1] = values[idx[i]];
      }
      return new Labels(pairs);
    }
  }
}
