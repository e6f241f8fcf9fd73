package io.strata.query;

import io.strata.httpapi.ReadContext;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.Aggr;
import io.strata.proto.thanos.Func;
import io.strata.proto.thanos.Grouping;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.PartialResponseStrategy;
import io.strata.proto.thanos.QueryHints;
import io.strata.proto.thanos.Range;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.promql.storage.Querier;
import io.strata.promql.storage.SelectHints;
import io.strata.promql.storage.SeriesSet;
import io.strata.promql.storage.StorageSeries;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.dedup.DedupAlgorithm;
import io.strata.store.dedup.DedupSeriesSet;
import io.strata.tsdb.chunkenc.SampleIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One query's reads from a StoreAPI, like Thanos's {@code pkg/query/querier.go}: a select becomes a
 * {@code SeriesRequest} for the hinted time range, with the request's partial-response strategy and
 * downsampling window, the aggregates the enclosing function needs from downsampled blocks, the query hints,
 * {@code skip_chunks} for label-only lookups ({@code func="series"}), and — when deduplicating —
 * {@code without_replica_labels}, so replicas arrive next to each other and merge in {@link DedupSeriesSet}.
 *
 * <p>Every stream a select opens is closed when it is exhausted, when the querier closes (the engine closes it
 * at the end of the query) or when the request is canceled. Not thread-safe, as the engine uses it.
 */
final class StoreQuerier implements Querier {
  private final StoreApi store;
  private final ReadContext ctx;
  private final DedupAlgorithm algorithm;
  private final long mint;
  private final long maxt;
  private final List<DedupSeriesSet> open = new ArrayList<>();
  private final List<AutoCloseable> registrations = new ArrayList<>();

  StoreQuerier(StoreApi store, ReadContext ctx, DedupAlgorithm algorithm, long mint, long maxt) {
    this.store = store;
    this.ctx = ctx;
    this.algorithm = algorithm;
    this.mint = mint;
    this.maxt = maxt;
  }

  private boolean abort() {
    return !ctx.partialResponse();
  }

  private PartialResponseStrategy strategy() {
    return ctx.partialResponse() ? PartialResponseStrategy.WARN : PartialResponseStrategy.ABORT;
  }

  /** Thanos's {@code aggrsFromFunc}: which parts of a downsampled chunk the surrounding function needs. */
  static List<Aggr> aggregates(String func) {
    String f = func == null ? "" : func;
    if (f.equals("min") || f.startsWith("min_")) {
      return List.of(Aggr.MIN);
    }
    if (f.equals("max") || f.startsWith("max_")) {
      return List.of(Aggr.MAX);
    }
    if (f.equals("count") || f.startsWith("count_")) {
      return List.of(Aggr.COUNT);
    }
    if (f.startsWith("sum_")) {
      return List.of(Aggr.SUM);
    }
    if (Set.of("increase", "rate", "irate", "resets", "xincrease", "xrate").contains(f)) {
      return List.of(Aggr.COUNTER);
    }
    return List.of(Aggr.COUNT, Aggr.SUM);
  }

  SeriesRequest request(SelectHints hints, LabelMatcher... matchers) {
    long start = hints == null ? mint : hints.start();
    long end = hints == null ? maxt : hints.end();
    String func = hints == null ? "" : hints.func();
    SeriesRequest.Builder b = SeriesRequest.newBuilder()
        .setMinTime(start)
        .setMaxTime(end)
        .addAllMatchers(ProtoConversions.toProto(Arrays.asList(matchers)))
        .setMaxResolutionWindow(ctx.maxSourceResolutionMillis())
        .addAllAggregates(aggregates(func))
        .setPartialResponseDisabled(abort())
        .setPartialResponseStrategy(strategy())
        .setSkipChunks("series".equals(func))
        .addAllWithoutReplicaLabels(ctx.effectiveReplicaLabels());
    if (hints != null) {
      QueryHints.Builder q = QueryHints.newBuilder().setStepMillis(hints.step());
      if (!func.isEmpty()) {
        q.setFunc(Func.newBuilder().setName(func));
      }
      if (hints.grouping() != null && (hints.by() || !hints.grouping().isEmpty())) {
        q.setGrouping(Grouping.newBuilder().setBy(hints.by()).addAllLabels(hints.grouping()));
      }
      if (hints.range() > 0) {
        q.setRange(Range.newBuilder().setMillis(hints.range()));
      }
      b.setQueryHints(q);
    }
    return b.build();
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, LabelMatcher... matchers) {
    SeriesRequest req = request(hints, matchers);
    CloseableIterator<SeriesResponse> stream = store.series(req);
    registrations.add(ctx.onCancel(stream::close));
    DedupSeriesSet set = new DedupSeriesSet(stream, ctx.effectiveReplicaLabels(), algorithm,
        hints == null ? "" : hints.func(), req.getMinTime(), req.getMaxTime());
    open.add(set);
    return new SeriesSet() {
      private boolean done;

      @Override
      public boolean next() {
        if (done) {
          return false;
        }
        if (!set.next()) {
          done = true;
          set.close();
          return false;
        }
        return true;
      }

      @Override
      public StorageSeries at() {
        Labels labels = set.labels();
        return new StorageSeries() {
          @Override
          public Labels labels() {
            return labels;
          }

          @Override
          public SampleIterator iterator(SampleIterator reuse) {
            return set.iterator();
          }
        };
      }

      @Override
      public List<String> warnings() {
        return set.warnings();
      }
    };
  }

  @Override
  public List<String> labelNames(LabelMatcher... matchers) {
    LabelNamesResponse r = store.labelNames(LabelNamesRequest.newBuilder()
        .setPartialResponseDisabled(abort())
        .setPartialResponseStrategy(strategy())
        .setStart(mint)
        .setEnd(maxt)
        .addAllMatchers(ProtoConversions.toProto(Arrays.asList(matchers)))
        .addAllWithoutReplicaLabels(ctx.effectiveReplicaLabels())
        .build());
    r.getWarningsList().forEach(ctx::addWarning);
    // Stores that ignore without_replica_labels still list them; with dedup they must not show.
    List<String> out = new ArrayList<>(r.getNamesList());
    out.removeAll(ctx.effectiveReplicaLabels());
    return out;
  }

  @Override
  public List<String> labelValues(String name, LabelMatcher... matchers) {
    LabelValuesResponse r = store.labelValues(LabelValuesRequest.newBuilder()
        .setLabel(name)
        .setPartialResponseDisabled(abort())
        .setPartialResponseStrategy(strategy())
        .setStart(mint)
        .setEnd(maxt)
        .addAllMatchers(ProtoConversions.toProto(Arrays.asList(matchers)))
        .addAllWithoutReplicaLabels(ctx.effectiveReplicaLabels())
        .build());
    r.getWarningsList().forEach(ctx::addWarning);
    return r.getValuesList();
  }

  @Override
  public void close() {
    for (DedupSeriesSet s : open) {
      s.close();
    }
    open.clear();
    for (AutoCloseable r : registrations) {
      try {
        r.close();
      } catch (Exception e) {
        // removing a listener cannot fail
      }
    }
    registrations.clear();
  }
}
