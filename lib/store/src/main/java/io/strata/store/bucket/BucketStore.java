package io.strata.store.bucket;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.micrometer.core.instrument.MeterRegistry;
import io.strata.model.LabelMatcher;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.hints.Block;
import io.strata.proto.thanos.hints.SeriesRequestHints;
import io.strata.proto.thanos.hints.SeriesResponseHints;
import io.strata.store.CloseableIterator;
import io.strata.store.ExternalLabels;
import io.strata.store.StoreApi;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The StoreAPI over every block of a bucket, as Thanos's store gateway serves it: the blocks are those the
 * {@link BlockSyncer} loaded, each with a local index-header; postings, series and chunks are read from the
 * bucket with merged ranged GETs (through an {@link IndexCache} for postings and series).
 *
 * <p>Series: blocks are chosen per stream and resolution ({@code max_resolution_window}, {@link BlockSet}); a
 * stream whose external labels contradict a matcher is skipped, and matchers its external labels satisfy are not
 * looked up in the index. Series of all blocks are merged into whole series in label order, with external labels
 * attached (they win over stored labels of the same name, as in Thanos). Only series with a chunk in the time
 * range are sent, also with {@code skip_chunks}. Honoured besides: {@code aggregates} (downsampled blocks),
 * {@code limit}, {@code without_replica_labels} (those labels are removed from served series, which then sort and
 * merge as if the labels never existed — replicas of a series arrive as one series with all their chunks), and
 * Thanos's {@code SeriesRequestHints} (block matchers on external
 * labels and {@code __block_id}; the queried blocks are then returned in a final hints frame). Not implemented:
 * {@code shard_info} (Info does not advertise sharding), chunk hashes (0, which
 * Thanos queriers treat as "compute it yourself"). One series per response frame: {@code response_batch_size} is
 * the gRPC adapter's business.
 *
 * <p>Resources: at most {@code maxConcurrentSeriesCalls} Series calls run at once (the others wait up to
 * {@code seriesQueueTimeout}); per-request limits on series, samples and downloaded bytes fail a request with
 * RESOURCE_EXHAUSTED before the data is fetched. Every StoreAPI call is timed in
 * {@code strata_bucket_store_request_duration_seconds}.
 */
public final class BucketStore implements StoreApi, AutoCloseable {
  private final BlockSyncer syncer;
  private final IndexCache cache;
  private final BucketStoreConfig config;
  private final BucketStoreMetrics metrics;
  private final Clock clock;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Semaphore seriesSlots;
  private final BucketLabelQueries labelQueries;

  /** A store whose parallel reads run on virtual threads. */
  public BucketStore(BlockSyncer syncer, IndexCache cache, BucketStoreConfig config, MeterRegistry registry,
      Clock clock) {
    this(syncer, cache, config, registry, clock, Executors.newVirtualThreadPerTaskExecutor(), true);
  }

  /** A store whose parallel reads (GETs, block prefetches) run on {@code executor}, which the caller owns. */
  public BucketStore(BlockSyncer syncer, IndexCache cache, BucketStoreConfig config, MeterRegistry registry,
      Clock clock, ExecutorService executor) {
    this(syncer, cache, config, registry, clock, executor, false);
  }

  private BucketStore(BlockSyncer syncer, IndexCache cache, BucketStoreConfig config, MeterRegistry registry,
      Clock clock, ExecutorService executor, boolean ownsExecutor) {
    this.syncer = syncer;
    this.cache = cache;
    this.config = config;
    this.metrics = new BucketStoreMetrics(registry);
    this.clock = clock;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.seriesSlots = new Semaphore(config.maxConcurrentSeriesCalls(), true);
    this.labelQueries = new BucketLabelQueries(this);
  }

  @Override
  public StoreInfo info() {
    BlockSet set = syncer.blocks();
    if (set.size() == 0) {
      return new StoreInfo(List.of(), Long.MAX_VALUE, Long.MIN_VALUE, true, "store");
    }
    long min = Math.max(set.minTime(), config.minTime().resolve(clock));
    long max = Math.min(set.maxTime(), config.maxTime().resolve(clock));
    return new StoreInfo(set.labelSets(), min, max, true, "store");
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest req) {
    long started = System.nanoTime();
    List<LabelMatcher> matchers = ProtoConversions.matchers(req.getMatchersList());
    if (matchers.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT,
          "no matchers specified: a Series call must select something");
    }
    List<LabelMatcher> blockMatchers = List.of();
    boolean hintsRequested = false;
    if (req.hasHints()) {
      SeriesRequestHints h = unpack(req.getHints(), SeriesRequestHints.class);
      if (h != null) {
        hintsRequested = true;
        blockMatchers = ProtoConversions.matchers(h.getBlockMatchersList());
      }
    }
    long mint = Math.max(req.getMinTime(), config.minTime().resolve(clock));
    long maxt = Math.min(req.getMaxTime(), config.maxTime().resolve(clock));
    acquireSeriesSlot();
    List<Target> targets = List.of();
    try {
      targets = mint > maxt ? List.of()
          : targets(mint, maxt, req.getMaxResolutionWindow(), matchers, blockMatchers);
      QueryContext ctx = newContext(targets.size());
      BlockSeriesStream.Selection sel = new BlockSeriesStream.Selection(mint, maxt, req.getSkipChunks(),
          req.getAggregatesList(), Set.copyOf(req.getWithoutReplicaLabelsList()));
      List<BlockSeriesStream> streams = new ArrayList<>(targets.size());
      for (Target t : targets) {
        streams.add(new BlockSeriesStream(t.block(), t.indexMatchers(), sel, ctx, true));
      }
      SeriesResponse hints = null;
      if (hintsRequested) {
        SeriesResponseHints.Builder rh = SeriesResponseHints.newBuilder();
        for (Target t : targets) {
          rh.addQueriedBlocks(Block.newBuilder().setId(t.block().id));
        }
        hints = SeriesResponse.newBuilder().setHints(Any.pack(rh.build())).build();
      }
      return new SeriesIterator(new SeriesMerger(streams, executor), req.getLimit(), hints, started);
    } catch (RuntimeException e) {
      for (Target t : targets) {
        t.block().release();
      }
      seriesSlots.release();
      throw e;
    }
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest req) {
    long started = System.nanoTime();
    try {
      return labelQueries.labelNames(req);
    } finally {
      metrics.duration("label_names").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest req) {
    long started = System.nanoTime();
    try {
      return labelQueries.labelValues(req);
    } finally {
      metrics.duration("label_values").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }
  }

  /** A block to read, acquired, with the matchers left for its index once its external labels are accounted for. */
  record Target(StoreBlock block, List<LabelMatcher> indexMatchers) {}

  /**
   * Selects and acquires the blocks to read; the caller releases them. A stream is skipped when one of its
   * external labels fails a matcher on that name; matchers on external label names are not passed to the index.
   */
  List<Target> targets(long mint, long maxt, long maxResolution, List<LabelMatcher> matchers,
      List<LabelMatcher> blockMatchers) {
    List<StoreBlock> blocks = syncer.blocks().select(mint, maxt, maxResolution,
        ext -> ExternalLabels.remaining(matchers, ext) != null,
        b -> b.overlaps(mint, maxt) && blockMatches(b, blockMatchers));
    List<Target> out = new ArrayList<>(blocks.size());
    for (StoreBlock b : blocks) {
      if (b.tryAcquire()) { // false: dropped by a sync since the snapshot was taken
        out.add(new Target(b, ExternalLabels.remaining(matchers, b.externalLabels)));
      }
    }
    return out;
  }

  /** Thanos block matchers see the external labels plus {@code __block_id}. */
  private static boolean blockMatches(StoreBlock b, List<LabelMatcher> blockMatchers) {
    for (LabelMatcher m : blockMatchers) {
      String v = "__block_id".equals(m.name()) ? b.id : b.externalLabels.get(m.name());
      if (!m.matches(v)) {
        return false;
      }
    }
    return true;
  }

  QueryContext newContext(int blocks) {
    return new QueryContext(cache, new RequestLimits(config.limits(), l -> metrics.limited(l).increment()), metrics,
        executor, config, blocks);
  }

  BucketStoreConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  ExecutorService executor() {
    return executor;
  }

  private void acquireSeriesSlot() {
    long start = System.nanoTime();
    boolean ok;
    try {
      ok = seriesSlots.tryAcquire(config.seriesQueueTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(StoreException.Code.CANCELLED, "interrupted while waiting for a Series slot");
    }
    metrics.seriesQueueWait.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (!ok) {
      metrics.limited("concurrency").increment();
      throw new StoreException(StoreException.Code.RESOURCE_EXHAUSTED, "too many concurrent Series calls: limit "
          + config.maxConcurrentSeriesCalls() + " in flight, waited " + config.seriesQueueTimeout());
    }
  }

  private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
    if (!any.is(type)) {
      return null;
    }
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "malformed request hints: " + e.getMessage(), e);
    }
  }

  /** Shuts down the read executor if this store created it. The syncer is closed by its owner. */
  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdown();
    }
  }

  /**
   * Pulls merged series into responses, one series per frame, and frees the slot and blocks when finished or
   * closed. {@link #close()} may come from another thread to cancel a blocked {@link #hasNext()}, which then throws
   * CANCELLED.
   */
  private final class SeriesIterator implements CloseableIterator<SeriesResponse> {
    private final SeriesMerger merger;
    private final long limit;
    private final long started;
    private final AtomicBoolean closed = new AtomicBoolean();
    private SeriesResponse hints;
    private SeriesResponse next;
    private long sent;
    private boolean done;

    SeriesIterator(SeriesMerger merger, long limit, SeriesResponse hints, long started) {
      this.merger = merger;
      this.limit = limit;
      this.hints = hints;
      this.started = started;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (closed.get()) {
        return false;
      }
      try {
        if (!done) {
          next = nextSeries();
        }
        if (next == null && hints != null) {
          next = hints;
          hints = null;
        }
      } catch (IOException | RuntimeException e) {
        boolean cancelled = closed.get();
        close();
        if (cancelled) {
          throw new StoreException(StoreException.Code.CANCELLED, "Series call cancelled", e);
        }
        throw StoreErrors.of("reading series from the bucket", e);
      }
      if (next == null) {
        close();
        return false;
      }
      return true;
    }

    private SeriesResponse nextSeries() throws IOException {
      if (limit > 0 && sent >= limit) {
        done = true;
        return null;
      }
      SeriesMerger.Merged m = merger.next();
      if (m == null) {
        done = true;
        return null;
      }
      sent++;
      Series s = Series.newBuilder().addAllLabels(ProtoConversions.toProto(m.labels())).addAllChunks(m.chunks()).build();
      return SeriesResponse.newBuilder().setSeries(s).build();
    }

    @Override
    public SeriesResponse next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      SeriesResponse r = next;
      next = null;
      return r;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        try {
          merger.close();
        } finally {
          seriesSlots.release();
          metrics.duration("series").record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
      }
    }
  }
}
