package io.strata.store.bucket;

import io.strata.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An immutable snapshot of the loaded blocks, grouped into streams (blocks with the same external labels) and,
 * within a stream, by downsampling resolution. The syncer publishes a new snapshot after each change; a request
 * works on the snapshot it started with.
 */
final class BlockSet {
  static final BlockSet EMPTY = new BlockSet(new TreeMap<>());

  /** One stream's blocks; {@code resolutions} descending, each resolution's blocks by min time then max time. */
  private record Stream(Labels labels, long[] resolutions, List<List<StoreBlock>> blocks) {}

  private final TreeMap<String, StoreBlock> byId;
  private final List<Stream> streams = new ArrayList<>();
  private final List<Labels> labelSets = new ArrayList<>();
  private final long minTime;
  private final long maxTime;

  BlockSet(TreeMap<String, StoreBlock> byId) {
    this.byId = byId;
    Map<Labels, TreeMap<Long, List<StoreBlock>>> grouped = new TreeMap<>(Labels::compareTo);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (StoreBlock b : byId.values()) {
      grouped.computeIfAbsent(b.externalLabels, k -> new TreeMap<>(Comparator.reverseOrder()))
          .computeIfAbsent(b.resolution, k -> new ArrayList<>()).add(b);
      min = Math.min(min, b.meta.minTime());
      max = Math.max(max, b.meta.maxTime());
    }
    this.minTime = min;
    this.maxTime = max;
    grouped.forEach((labels, byRes) -> {
      long[] res = new long[byRes.size()];
      List<List<StoreBlock>> lists = new ArrayList<>();
      int i = 0;
      for (Map.Entry<Long, List<StoreBlock>> e : byRes.entrySet()) {
        res[i++] = e.getKey();
        List<StoreBlock> l = new ArrayList<>(e.getValue());
        l.sort(Comparator.<StoreBlock>comparingLong(b -> b.meta.minTime()).thenComparingLong(b -> b.meta.maxTime()));
        lists.add(List.copyOf(l));
      }
      streams.add(new Stream(labels, res, lists));
      labelSets.add(labels);
    });
  }

  BlockSet with(Collection<StoreBlock> added, Collection<String> removed) {
    TreeMap<String, StoreBlock> m = new TreeMap<>(byId);
    for (String id : removed) {
      m.remove(id);
    }
    for (StoreBlock b : added) {
      m.put(b.id, b);
    }
    return new BlockSet(m);
  }

  StoreBlock get(String id) {
    return byId.get(id);
  }

  Collection<StoreBlock> all() {
    return byId.values();
  }

  int size() {
    return byId.size();
  }

  /** Distinct external label sets, sorted. */
  List<Labels> labelSets() {
    return labelSets;
  }

  /** Smallest block min time, or {@code Long.MAX_VALUE} without blocks. */
  long minTime() {
    return minTime;
  }

  /** Largest block max time (exclusive), or {@code Long.MIN_VALUE} without blocks. */
  long maxTime() {
    return maxTime;
  }

  /**
   * The blocks to read for {@code [mint, maxt]} (closed) at resolution at most {@code maxResolution}, from
   * streams accepted by {@code streamFilter} and blocks accepted by {@code blockFilter}, in stream then time
   * order.
   */
  List<StoreBlock> select(long mint, long maxt, long maxResolution, Predicate<Labels> streamFilter,
      Predicate<StoreBlock> blockFilter) {
    List<StoreBlock> out = new ArrayList<>();
    for (Stream s : streams) {
      if (streamFilter.test(s.labels)) {
        select(s, mint, maxt, maxResolution, blockFilter, out);
      }
    }
    return out;
  }

  /**
   * Thanos's {@code bucketBlockSet.getFor} (pkg/store/bucket.go): start at the coarsest resolution not above
   * {@code maxResolution}, take its blocks in time order, and fill every gap they leave (before, between and
   * after them) recursively with the next finer resolution. Example, 5m blocks covering [0, 10) and raw blocks
   * covering [0, 20), asking for [0, 19] at a 1h window: the 5m block for [0, 10) and raw blocks for [10, 19].
   * A block rejected by {@code blockFilter} still covers its range, as in Thanos.
   */
  private static void select(Stream s, long mint, long maxt, long maxResolution, Predicate<StoreBlock> blockFilter,
      List<StoreBlock> out) {
    int i = 0;
    while (i < s.resolutions.length && s.resolutions[i] > maxResolution) {
      i++;
    }
    fill(s, i, mint, maxt, blockFilter, out);
  }

  private static void fill(Stream s, int i, long mint, long maxt, Predicate<StoreBlock> blockFilter,
      List<StoreBlock> out) {
    if (mint > maxt || i >= s.resolutions.length) {
      return;
    }
    long start = mint;
    for (StoreBlock b : s.blocks.get(i)) {
      if (b.meta.maxTime() <= mint) {
        continue;
      }
      if (b.meta.minTime() > maxt) {
        break;
      }
      fill(s, i + 1, start, b.meta.minTime() - 1, blockFilter, out);
      if (blockFilter.test(b)) {
        out.add(b);
      }
      start = Math.max(start, b.meta.maxTime());
    }
    fill(s, i + 1, start, maxt, blockFilter, out);
  }

  /** Loaded blocks by id, for tests and the syncer. */
  Map<String, StoreBlock> asMap() {
    return new LinkedHashMap<>(byId);
  }
}
