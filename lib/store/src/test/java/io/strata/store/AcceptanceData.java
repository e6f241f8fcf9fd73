package io.strata.store;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.store.StoreTestSupport.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fixed datasets of the StoreAPI acceptance suite and a reference model of what a store must answer
 * for them. All series get the external labels {@link #EXT}; requests drop the label {@code replica}.
 */
public final class AcceptanceData {
  /** 2023-11-15T00:00:00Z, aligned to 2 h like real blocks. */
  public static final long T0 = 1_700_006_400_000L;
  public static final long MINUTE = 60_000L;
  public static final long HOUR = 60 * MINUTE;
  public static final Labels EXT = Labels.of("region", "eu-west");
  public static final String REPLICA = "replica";
  /** Prometheus's stale marker, a NaN that must survive bit for bit. */
  public static final double STALE_NAN = Double.longBitsToDouble(0x7FF0000000000002L);

  private AcceptanceData() {}

  static double value(long t, int seed) {
    return seed * 1000 + (t - T0) / 1000.0 + Math.sin(t / 60_000.0 + seed);
  }

  private static TestSeries early(int seed, String... labels) {
    return TestSeries.of(Labels.of(labels), T0, 15_000, 240, t -> value(t, seed));
  }

  private static TestSeries late(int seed, String... labels) {
    return TestSeries.of(Labels.of(labels), T0 + 3 * HOUR, 15_000, 240, t -> value(t, seed));
  }

  /**
   * The main dataset. "Early" series hold samples in {@code [T0, T0+1h)}, "late" ones in
   * {@code [T0+3h, T0+4h)}, {@code span} every minute over {@code [T0, T0+4h)}; so time-range checks have no
   * chunk that straddles a window edge. The {@code flip} series exercise label order after external labels
   * are attached ({@code {__name__="flip"} < {__name__="flip", job="a"}} stored, reversed once
   * {@code region} is added).
   */
  public static List<TestSeries> main() {
    List<TestSeries> out = new ArrayList<>();
    out.add(early(1, "__name__", "flip"));
    out.add(early(2, "__name__", "flip", "job", "a"));
    out.add(early(3, "__name__", "flip", "job", "a", "instance", "x"));
    out.add(early(4, "__name__", "flip", "zone", "z"));
    out.add(early(5, "__name__", "pod_up", "pod", "pod-1"));
    out.add(early(6, "__name__", "pod_up", "pod", "pod-2"));
    out.add(early(7, "__name__", "kube_pod_info", "pod", "pod-1"));
    out.add(TestSeries.of(Labels.of("__name__", "big", "kind", "dense"), T0, 1_000, 3600, t -> value(t, 8)));
    out.add(TestSeries.of(Labels.of("__name__", "stale", "job", "api"), T0, 15_000, 240,
        t -> (t / 15_000) % 10 == 0 ? STALE_NAN : value(t, 9)));
    out.add(late(10, "__name__", "up", "job", "api", "instance", "a"));
    out.add(late(11, "__name__", "up", "job", "api", "instance", "b"));
    out.add(late(12, "__name__", "up", "job", "db", "instance", "c"));
    out.add(TestSeries.of(Labels.of("__name__", "span", "job", "api"), T0, MINUTE, 240, t -> value(t, 13)));
    return out;
  }

  /** Thanos's "matching behavior" dataset (from Prometheus's querier tests), one sample each. */
  public static List<TestSeries> matching() {
    List<TestSeries> out = new ArrayList<>();
    for (String[] l : List.of(new String[] {"n", "1"}, new String[] {"n", "1", "i", "a"},
        new String[] {"n", "1", "i", "b"}, new String[] {"n", "2"}, new String[] {"n", "2.5"})) {
      out.add(TestSeries.of(Labels.of(l), T0, 15_000, 4, t -> 1));
    }
    return out;
  }

  /** A stored label clashing with an external one: the external value is served. */
  public static List<TestSeries> conflict() {
    return List.of(
        TestSeries.of(Labels.of("foo", "bar", "region", "somewhere"), T0, 15_000, 4, t -> 1),
        TestSeries.of(Labels.of("foo", "baz"), T0, 15_000, 4, t -> 2));
  }

  /**
   * Replicas kept inside the TSDB as a stored {@code replica} label (as a receiver may): with the label
   * dropped they are one series. Replicas 1 and 2 are identical; 3 holds later samples.
   */
  public static List<TestSeries> storedReplicas() {
    return List.of(
        TestSeries.of(Labels.of("__name__", "x", REPLICA, "1"), T0, 15_000, 100, t -> value(t, 1)),
        TestSeries.of(Labels.of("__name__", "x", REPLICA, "2"), T0, 15_000, 100, t -> value(t, 1)),
        TestSeries.of(Labels.of("__name__", "x", REPLICA, "3"), T0 + HOUR, 15_000, 100, t -> value(t, 1)),
        TestSeries.of(Labels.of("__name__", "y", REPLICA, "1"), T0, 15_000, 10, t -> 5));
  }

  /** Labels as served: stored, external set over them, replica label removed. */
  public static Labels served(Labels stored) {
    Labels.Builder b = stored.toBuilder();
    EXT.forEach(b::set);
    b.del(REPLICA);
    return b.build();
  }

  /** What a store must return for {@code matchers} over {@code [mint, maxt]}: served labels → samples. */
  public static TreeMap<Labels, List<Point>> expected(List<TestSeries> data, List<LabelMatcher> matchers, long mint,
      long maxt) {
    TreeMap<Labels, TreeMap<Long, Point>> byLabels = new TreeMap<>();
    for (TestSeries s : data) {
      Labels l = served(s.labels());
      boolean ok = true;
      for (LabelMatcher m : matchers) {
        ok &= m.matches(l.get(m.name()));
      }
      List<Point> points = StoreTestSupport.samples(s, mint, maxt);
      if (ok && !points.isEmpty()) {
        TreeMap<Long, Point> merged = byLabels.computeIfAbsent(l, k -> new TreeMap<>());
        for (Point p : points) {
          merged.putIfAbsent(p.t(), p);
        }
      }
    }
    TreeMap<Labels, List<Point>> out = new TreeMap<>();
    for (Map.Entry<Labels, TreeMap<Long, Point>> e : byLabels.entrySet()) {
      out.put(e.getKey(), new ArrayList<>(e.getValue().values()));
    }
    return out;
  }
}
