package io.strata.query;

import io.strata.httpapi.ApiStorage;
import io.strata.httpapi.ReadContext;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promql.storage.Queryable;
import io.strata.store.StoreApi;
import io.strata.store.dedup.DedupAlgorithm;
import io.strata.store.proxy.ProxyStore;
import io.strata.store.proxy.StoreRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * PromQL storage over the StoreAPI, per request: {@link #queryable(ReadContext)} opens a Queryable that reads
 * through the store chosen for the request's options and deduplicates replicas with {@code algorithm}
 * ({@code --deduplication.func}).
 *
 * <p>Over endpoints ({@link #overEndpoints}) each request gets its own {@link ProxyStore} over the endpoints
 * its {@code storeMatch[]} selects; the proxy is cheap (it holds no connections), the endpoints are shared.
 */
public final class StoreQueryable implements ApiStorage {
  private final Function<ReadContext, StoreApi> storeFor;
  private final DedupAlgorithm algorithm;

  /** @param storeFor the store a request reads from, given its options */
  public StoreQueryable(Function<ReadContext, StoreApi> storeFor, DedupAlgorithm algorithm) {
    this.storeFor = storeFor;
    this.algorithm = algorithm;
  }

  /** Over one store for every request (an in-process store, or a proxy the caller built). */
  public static StoreQueryable over(StoreApi store, DedupAlgorithm algorithm) {
    return new StoreQueryable(ctx -> store, algorithm);
  }

  /**
   * Over a changing set of endpoints, fanned out by a {@link ProxyStore} per request.
   *
   * @param endpoints the current endpoints, read at every request
   * @param responseTimeout how long an endpoint may stay silent before it is given up on
   *     ({@code --store.response-timeout}; zero waits for the query's deadline)
   * @param executor runs one blocking task per endpoint and call
   */
  public static StoreQueryable overEndpoints(Supplier<? extends List<StoreRef>> endpoints, Duration responseTimeout,
      Executor executor, DedupAlgorithm algorithm) {
    return new StoreQueryable(ctx -> new ProxyStore(() -> selected(endpoints.get(), ctx.storeMatchers()),
        responseTimeout, 64, executor), algorithm);
  }

  /**
   * Thanos's {@code storeMatch[]}: keep an endpoint when one matcher set accepts its address as
   * {@code __address__} (a matcher on any other label sees the empty string).
   */
  static List<StoreRef> selected(List<StoreRef> all, List<List<LabelMatcher>> storeMatchers) {
    if (storeMatchers.isEmpty()) {
      return all;
    }
    List<StoreRef> out = new ArrayList<>();
    for (StoreRef r : all) {
      Labels address = Labels.of("__address__", r.name());
      for (List<LabelMatcher> set : storeMatchers) {
        boolean ok = true;
        for (LabelMatcher m : set) {
          String v = address.get(m.name());
          if (!m.matches(v == null ? "" : v)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          out.add(r);
          break;
        }
      }
    }
    return out;
  }

  @Override
  public Queryable queryable(ReadContext context) {
    StoreApi store = storeFor.apply(context);
    return (mint, maxt) -> new StoreQuerier(store, context, algorithm, mint, maxt);
  }
}
