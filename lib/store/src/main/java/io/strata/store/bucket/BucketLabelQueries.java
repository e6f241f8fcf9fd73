package io.strata.store.bucket;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * LabelNames and LabelValues across blocks, each block on its own thread. Without matchers (after the block's
 * external labels took theirs) a block answers from its index-header alone; with matchers it reads postings and
 * series entries like a Series call with {@code skip_chunks}, so only series with a chunk in the time range count.
 * Values filtered only by matchers on the requested label itself come from the header (as Prometheus does). A
 * block's external labels always contribute their names, and their value when the requested label is one.
 *
 * <p>Labels listed in {@code without_replica_labels} are neither names nor have values, as in Series. A request
 * with {@code start == end == 0} covers all time. Blocks are chosen like Series at the coarsest
 * resolution, which holds the same label sets as the finer ones in fewer blocks.
 */
final class BucketLabelQueries {
  private final BucketStore store;

  BucketLabelQueries(BucketStore store) {
    this.store = store;
  }

  LabelNamesResponse labelNames(LabelNamesRequest req) {
    List<LabelMatcher> matchers = ProtoConversions.matchers(req.getMatchersList());
    long[] range = range(req.getStart(), req.getEnd());
    TreeSet<String> names = perBlock(range, matchers, (t, ctx) -> {
      List<String> out = new ArrayList<>();
      t.block().externalLabels.forEach((n, v) -> out.add(n));
      if (t.indexMatchers().isEmpty()) {
        out.addAll(t.block().header().labelNames());
        return out;
      }
      TreeSet<String> seen = new TreeSet<>(Utf8Order.COMPARATOR);
      forEachSeries(t, ctx, range, l -> l.forEach((n, v) -> seen.add(n)));
      if (seen.isEmpty()) {
        return List.of();
      }
      out.addAll(seen);
      return out;
    });
    names.removeAll(req.getWithoutReplicaLabelsList());
    List<String> result = limit(names, req.getLimit());
    return LabelNamesResponse.newBuilder().addAllNames(result).build();
  }

  LabelValuesResponse labelValues(LabelValuesRequest req) {
    String name = req.getLabel();
    if (name.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label values request without a label name");
    }
    List<LabelMatcher> matchers = ProtoConversions.matchers(req.getMatchersList());
    if (req.getWithoutReplicaLabelsList().contains(name)) {
      return LabelValuesResponse.getDefaultInstance();
    }
    long[] range = range(req.getStart(), req.getEnd());
    TreeSet<String> values = perBlock(range, matchers, (t, ctx) -> {
      StoreBlock b = t.block();
      List<LabelMatcher> ms = t.indexMatchers();
      if (b.externalLabels.has(name)) {
        boolean any = ms.isEmpty() || anySeries(t, ctx, range);
        return any ? List.of(b.externalLabels.get(name)) : List.of();
      }
      boolean onlyThisLabel = true;
      for (LabelMatcher m : ms) {
        onlyThisLabel &= m.name().equals(name);
      }
      if (onlyThisLabel) {
        List<String> out = new ArrayList<>();
        for (String v : b.header().labelValues(name)) {
          boolean keep = true;
          for (LabelMatcher m : ms) {
            keep &= m.matches(v);
          }
          if (keep) {
            out.add(v);
          }
        }
        return out;
      }
      TreeSet<String> seen = new TreeSet<>(Utf8Order.COMPARATOR);
      forEachSeries(t, ctx, range, l -> {
        String v = l.get(name);
        if (!v.isEmpty()) {
          seen.add(v);
        }
      });
      return seen;
    });
    List<String> result = limit(values, req.getLimit());
    return LabelValuesResponse.newBuilder().addAllValues(result).build();
  }

  @FunctionalInterface
  private interface BlockQuery {
    Collection<String> run(BucketStore.Target target, QueryContext ctx) throws IOException;
  }

  private TreeSet<String> perBlock(long[] range, List<LabelMatcher> matchers, BlockQuery q) {
    List<BucketStore.Target> targets = store.targets(range[0], range[1], Long.MAX_VALUE, matchers, List.of());
    QueryContext ctx = store.newContext(targets.size());
    List<CompletableFuture<Collection<String>>> futures = new ArrayList<>(targets.size());
    try {
      for (BucketStore.Target t : targets) {
        futures.add(CompletableFuture.supplyAsync(() -> {
          try {
            return q.run(t, ctx);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, store.executor()));
      }
      TreeSet<String> out = new TreeSet<>(Utf8Order.COMPARATOR);
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.addAll(RangeFetcher.join(futures.get(i)));
        } catch (IOException | RuntimeException e) {
          throw StoreErrors.of("reading labels of block " + targets.get(i).block().id, e);
        }
      }
      return out;
    } finally {
      for (int i = 0; i < targets.size(); i++) {
        StoreBlock b = targets.get(i).block();
        if (i < futures.size() && !futures.get(i).isDone()) {
          futures.get(i).whenComplete((r, e) -> b.release());
        } else {
          b.release();
        }
      }
    }
  }

  /** Calls {@code f} with the stored labels of every matching series with a chunk in the range. */
  private static void forEachSeries(BucketStore.Target t, QueryContext ctx, long[] range,
      java.util.function.Consumer<Labels> f) throws IOException {
    BlockSeriesStream s = new BlockSeriesStream(t.block(), t.indexMatchers(),
        new BlockSeriesStream.Selection(range[0], range[1], true, List.of(), Set.of()), ctx, false);
    for (List<BlockSeries> batch = s.nextBatch(); batch != null; batch = s.nextBatch()) {
      for (BlockSeries bs : batch) {
        f.accept(bs.indexLabels);
      }
    }
  }

  private static boolean anySeries(BucketStore.Target t, QueryContext ctx, long[] range) throws IOException {
    BlockSeriesStream s = new BlockSeriesStream(t.block(), t.indexMatchers(),
        new BlockSeriesStream.Selection(range[0], range[1], true, List.of(), Set.of()), ctx, false);
    return s.nextBatch() != null;
  }

  private long[] range(long start, long end) {
    long min = store.config().minTime().resolve(store.clock());
    long max = store.config().maxTime().resolve(store.clock());
    if (start == 0 && end == 0) {
      return new long[] {min, max};
    }
    return new long[] {Math.max(start, min), Math.min(end, max)};
  }

  private static List<String> limit(TreeSet<String> values, long limit) {
    List<String> out = new ArrayList<>(values);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }
}
