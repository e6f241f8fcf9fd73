package io.strata.store.tsdb;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ExternalLabels;
import io.strata.store.ProtoConversions;
import io.strata.store.SeriesResponses;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.tsdb.block.BlockReader;
import io.strata.tsdb.index.PostingsForMatchers;
import io.strata.tsdb.querier.BlockChunkSeriesSet;
import io.strata.tsdb.querier.ChunkSeriesSet;
import io.strata.tsdb.querier.LabelQueries;
import io.strata.tsdb.querier.MergedChunkSeriesSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The StoreAPI over TSDB blocks readable in this process (the receiver's blocks and head, test fixtures),
 * like Thanos's {@code TSDBStore}.
 *
 * <p>Each block brings its external labels ({@code thanos.labels} in its meta), attached to its series by
 * the rules of {@link ExternalLabels}: external values win, a matcher on an external label decides the whole
 * block, replica labels named by the request are removed. Series are read lazily, one at a time, and merged
 * across blocks in label order; chunks are sent as stored (they may extend past the requested range) with
 * tombstoned samples removed.
 *
 * <p>Only raw blocks are served (downsampled blocks are skipped: their aggregate chunks are the store
 * gateway's business). The block list is read from the supplier on every call, so a receiver can add and
 * remove blocks; a block must stay open while calls that started with it are running.
 */
public final class TsdbStore implements StoreApi {
  private final Supplier<? extends List<? extends BlockReader>> blocks;
  private final String componentType;

  /**
   * @param blocks the current blocks, consulted on every call
   * @param componentType what {@link #info()} announces: {@code receive}, {@code rule}, {@code sidecar}, ...
   */
  public TsdbStore(Supplier<? extends List<? extends BlockReader>> blocks, String componentType) {
    this.blocks = blocks;
    this.componentType = componentType;
  }

  /** A receiver-type store over a fixed list of blocks. */
  public TsdbStore(List<? extends BlockReader> blocks) {
    this(() -> blocks, "receive");
  }

  private List<BlockReader> rawBlocks() {
    List<BlockReader> out = new ArrayList<>();
    for (BlockReader b : blocks.get()) {
      if (b.meta().resolution() == 0) {
        out.add(b);
      }
    }
    return out;
  }

  private static Labels external(BlockReader b) {
    return Labels.fromMap(b.meta().externalLabels());
  }

  /**
   * The blocks' distinct external label sets and their overall time range ({@code maxTime} inclusive);
   * with no blocks, the empty range {@code [Long.MAX_VALUE, Long.MIN_VALUE]}.
   */
  @Override
  public StoreInfo info() {
    Set<Labels> sets = new LinkedHashSet<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (BlockReader b : rawBlocks()) {
      Labels ext = external(b);
      if (!ext.isEmpty()) {
        sets.add(ext);
      }
      min = Math.min(min, b.meta().minTime());
      max = Math.max(max, b.meta().maxTime() - 1);
    }
    List<Labels> sorted = new ArrayList<>(sets);
    sorted.sort(null);
    return new StoreInfo(sorted, min, max, true, componentType);
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    if (matchers.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "no matchers specified");
    }
    Set<String> without = new HashSet<>(request.getWithoutReplicaLabelsList());
    long mint = request.getMinTime();
    long maxt = request.getMaxTime();
    boolean skipChunks = request.getSkipChunks();
    List<ChunkSeriesSet> sets = new ArrayList<>();
    for (BlockReader b : rawBlocks()) {
      if (!b.meta().overlaps(mint, maxt)) {
        continue;
      }
      Labels ext = external(b);
      List<LabelMatcher> remaining = ExternalLabels.remaining(matchers, ext);
      if (remaining == null) {
        continue;
      }
      try {
        sets.add(select(b, remaining, mint, maxt, skipChunks, ext, without));
      } catch (IOException | RuntimeException e) {
        throw new StoreException(StoreException.Code.INTERNAL,
            "selecting series of block " + b.meta().ulid() + ": " + e.getMessage(), e);
      }
    }
    return SeriesResponses.stream(MergedChunkSeriesSet.of(sets), skipChunks, request.getLimit(), () -> {});
  }

  private static ChunkSeriesSet select(BlockReader b, List<LabelMatcher> matchers, long mint, long maxt,
      boolean skipChunks, Labels ext, Set<String> without) throws IOException {
    boolean replaced = false;
    if (!ext.isEmpty() || !without.isEmpty()) {
      for (String name : b.index().labelNames()) {
        if (ext.has(name) || without.contains(name)) {
          replaced = true;
          break;
        }
      }
    }
    if (replaced) {
      return new ResortedSeriesSet(b, matchers, mint, maxt, skipChunks, ext, without);
    }
    Labels add = ext.without(without);
    return new ExtendedLabelsSeriesSet(new BlockChunkSeriesSet(b, matchers, mint, maxt, skipChunks), add, skipChunks,
        b.meta().ulid());
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    Set<String> without = new HashSet<>(request.getWithoutReplicaLabelsList());
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    for (BlockReader b : rawBlocks()) {
      if (!b.meta().overlaps(request.getStart(), request.getEnd())) {
        continue;
      }
      Labels ext = external(b);
      List<LabelMatcher> remaining = ExternalLabels.remaining(matchers, ext);
      if (remaining == null) {
        continue;
      }
      try {
        List<String> stored = LabelQueries.labelNames(b.index(), remaining);
        if (!stored.isEmpty()) {
          names.addAll(stored);
          ext.forEach((n, v) -> names.add(n));
        }
      } catch (IOException | RuntimeException e) {
        throw new StoreException(StoreException.Code.INTERNAL,
            "reading label names of block " + b.meta().ulid() + ": " + e.getMessage(), e);
      }
    }
    names.removeAll(without);
    return LabelNamesResponse.newBuilder().addAllNames(limit(names, request.getLimit())).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    String label = request.getLabel();
    if (label.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
    }
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    if (request.getWithoutReplicaLabelsList().contains(label)) {
      return LabelValuesResponse.getDefaultInstance();
    }
    TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    for (BlockReader b : rawBlocks()) {
      if (!b.meta().overlaps(request.getStart(), request.getEnd())) {
        continue;
      }
      Labels ext = external(b);
      List<LabelMatcher> remaining = ExternalLabels.remaining(matchers, ext);
      if (remaining == null) {
        continue;
      }
      try {
        String extValue = ext.get(label);
        if (!extValue.isEmpty()) {
          // Every series of the block carries the external value; it counts if any series matches.
          if (!values.contains(extValue) && PostingsForMatchers.select(b.index(), remaining).next()) {
            values.add(extValue);
          }
        } else {
          values.addAll(LabelQueries.labelValues(b.index(), label, remaining));
        }
      } catch (IOException | RuntimeException e) {
        throw new StoreException(StoreException.Code.INTERNAL,
            "reading values of label " + label + " in block " + b.meta().ulid() + ": " + e.getMessage(), e);
      }
    }
    return LabelValuesResponse.newBuilder().addAllValues(limit(values, request.getLimit())).build();
  }

  private static List<String> limit(TreeSet<String> sorted, long limit) {
    List<String> out = new ArrayList<>(sorted);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }
}
