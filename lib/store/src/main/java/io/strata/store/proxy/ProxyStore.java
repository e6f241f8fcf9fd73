package io.strata.store.proxy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Utf8Order;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.PartialResponseStrategy;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.ExternalLabels;
import io.strata.store.ProtoConversions;
import io.strata.store.SeriesMerge;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The querier's StoreAPI: fans a request out to every store that may hold matching data and merges the
 * answers, like Thanos's {@code ProxyStore}.
 *
 * <p>A store is asked only if its announced time range overlaps the request and its external label sets
 * do not contradict the matchers ({@link ExternalLabels#anyMatches}). Each selected store streams on its
 * own (virtual) thread into a bounded buffer ({@link StoreResponseStream}); {@link SeriesMerge} merges the
 * buffers in label order, combining a series held by several stores. A store that does not support
 * {@code without_replica_labels} while the request uses it is read whole, stripped of those labels and
 * re-sorted (Thanos's eager fallback) — the one case where memory grows with the answer.
 *
 * <p>Partial response: under {@code WARN} (the default, as in Thanos's querier) a store that fails or sends
 * nothing for {@code responseTimeout} contributes a warning naming it and the rest of the answer stands;
 * under {@code ABORT} (or {@code partial_response_disabled}) it fails the call. Closing the returned
 * iterator cancels every store stream.
 */
public final class ProxyStore implements StoreApi {
  private static final Logger log = LoggerFactory.getLogger(ProxyStore.class);

  private final Supplier<? extends List<StoreRef>> stores;
  private final Duration responseTimeout;
  private final int bufferedResponses;
  private final Executor executor;

  /**
   * @param stores the current endpoints, read on every call
   * @param responseTimeout how long a store may go without sending a frame (or answering a label call)
   *     before it is given up on; {@link Duration#ZERO} waits forever (Thanos's {@code --store.response-timeout})
   * @param bufferedResponses frames buffered per store while the merge is busy elsewhere
   * @param executor runs one blocking task per store and call; virtual threads suit it
   */
  public ProxyStore(Supplier<? extends List<StoreRef>> stores, Duration responseTimeout, int bufferedResponses,
      Executor executor) {
    if (bufferedResponses < 1) {
      throw new IllegalArgumentException("bufferedResponses must be at least 1, got " + bufferedResponses);
    }
    this.stores = stores;
    this.responseTimeout = responseTimeout;
    this.bufferedResponses = bufferedResponses;
    this.executor = executor;
  }

  /** No response timeout, 64 buffered frames per store, one virtual thread per store stream. */
  public ProxyStore(Supplier<? extends List<StoreRef>> stores) {
    this(stores, Duration.ZERO, 64, Executors.newVirtualThreadPerTaskExecutor());
  }

  /**
   * The union of the stores' label sets and time ranges. With no stores the range is unbounded, as in
   * Thanos, so that a proxy above this one still asks (and gets nothing) rather than guessing.
   */
  @Override
  public StoreInfo info() {
    List<StoreRef> refs = stores.get();
    if (refs.isEmpty()) {
      return new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, "query");
    }
    Set<Labels> sets = new LinkedHashSet<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (StoreRef r : refs) {
      sets.addAll(r.info().labelSets());
      min = Math.min(min, r.info().minTime());
      max = Math.max(max, r.info().maxTime());
    }
    List<Labels> sorted = new ArrayList<>(sets);
    sorted.sort(null);
    return new StoreInfo(sorted, min, max, true, "query");
  }

  private static boolean abort(boolean disabled, PartialResponseStrategy strategy) {
    return disabled || strategy == PartialResponseStrategy.ABORT;
  }

  private static List<StoreRef> select(List<StoreRef> all, long mint, long maxt, List<LabelMatcher> matchers) {
    List<StoreRef> out = new ArrayList<>();
    for (StoreRef r : all) {
      if (r.info().overlaps(mint, maxt) && ExternalLabels.anyMatches(matchers, r.info().labelSets())) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    if (matchers.isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "no matchers specified");
    }
    boolean abort = abort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy());
    List<StoreRef> all = stores.get();
    if (abort && all.isEmpty()) {
      throw new StoreException(StoreException.Code.UNAVAILABLE, "no StoreAPIs available");
    }
    List<StoreRef> selected = select(all, request.getMinTime(), request.getMaxTime(), matchers);
    log.debug("msg=\"series fan-out\" selected={} of={} matchers={}", selected, all.size(), matchers);
    Set<String> without = new HashSet<>(request.getWithoutReplicaLabelsList());
    List<CloseableIterator<SeriesResponse>> streams = new ArrayList<>(selected.size());
    for (StoreRef r : selected) {
      CloseableIterator<SeriesResponse> s =
          new StoreResponseStream(r, request, abort, responseTimeout, bufferedResponses, executor);
      if (!without.isEmpty() && !r.info().supportsWithoutReplicaLabels()) {
        s = new ResortedStream(s, without);
      }
      streams.add(s);
    }
    CloseableIterator<SeriesResponse> merged = new SeriesMerge(streams);
    return request.getLimit() > 0 ? limited(merged, request.getLimit()) : merged;
  }

  /** Stops after {@code limit} series (warnings still pass), closing the inputs early. */
  private static CloseableIterator<SeriesResponse> limited(CloseableIterator<SeriesResponse> in, long limit) {
    return new CloseableIterator<>() {
      private long series;

      @Override
      public boolean hasNext() {
        if (series >= limit) {
          in.close();
          return false;
        }
        return in.hasNext();
      }

      @Override
      public SeriesResponse next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        SeriesResponse r = in.next();
        if (r.hasSeries()) {
          series++;
        }
        return r;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    boolean abort = abort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy());
    Fanned<LabelNamesResponse> r = fanOut(select(stores.get(), request.getStart(), request.getEnd(), matchers), abort,
        "label names", s -> s.labelNames(request));
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    for (LabelNamesResponse resp : r.responses()) {
      names.addAll(resp.getNamesList());
      r.warnings().addAll(resp.getWarningsList());
    }
    return LabelNamesResponse.newBuilder().addAllNames(limit(names, request.getLimit()))
        .addAllWarnings(r.warnings()).build();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    if (request.getLabel().isEmpty()) {
      throw new StoreException(StoreException.Code.INVALID_ARGUMENT, "label name parameter cannot be empty");
    }
    List<LabelMatcher> matchers = ProtoConversions.matchers(request.getMatchersList());
    boolean abort = abort(request.getPartialResponseDisabled(), request.getPartialResponseStrategy());
    Fanned<LabelValuesResponse> r = fanOut(select(stores.get(), request.getStart(), request.getEnd(), matchers), abort,
        "label values", s -> s.labelValues(request));
    TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    for (LabelValuesResponse resp : r.responses()) {
      values.addAll(resp.getValuesList());
      r.warnings().addAll(resp.getWarningsList());
    }
    return LabelValuesResponse.newBuilder().addAllValues(limit(values, request.getLimit()))
        .addAllWarnings(r.warnings()).build();
  }

  private static List<String> limit(TreeSet<String> sorted, long limit) {
    List<String> out = new ArrayList<>(sorted);
    return limit > 0 && out.size() > limit ? out.subList(0, (int) limit) : out;
  }

  private record Fanned<T>(List<T> responses, List<String> warnings) {}

  /** Calls every store concurrently; collects answers in store order and failures as warnings (or throws). */
  private <T> Fanned<T> fanOut(List<StoreRef> refs, boolean abort, String what, Function<StoreApi, T> call) {
    List<CompletableFuture<T>> futures = new ArrayList<>(refs.size());
    for (StoreRef r : refs) {
      futures.add(CompletableFuture.supplyAsync(() -> call.apply(r.store()), executor));
    }
    long deadline = System.nanoTime() + responseTimeout.toNanos();
    List<T> out = new ArrayList<>(refs.size());
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      StoreRef r = refs.get(i);
      CompletableFuture<T> f = futures.get(i);
      StoreException failure;
      try {
        out.add(responseTimeout.isZero() ? f.get()
            : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        continue;
      } catch (TimeoutException e) {
        f.cancel(true);
        failure = new StoreException(StoreException.Code.DEADLINE_EXCEEDED,
            "fetching " + what + " from store " + r + ": no answer within " + responseTimeout);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        StoreException.Code code = c instanceof StoreException se ? se.code() : StoreException.Code.INTERNAL;
        failure = new StoreException(code, "fetching " + what + " from store " + r + ": " + c.getMessage(), c);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new StoreException(StoreException.Code.CANCELLED, "interrupted while fetching " + what);
      }
      if (abort) {
        futures.forEach(x -> x.cancel(true));
        throw failure;
      }
      warnings.add(failure.getMessage());
    }
    return new Fanned<>(out, warnings);
  }
}
