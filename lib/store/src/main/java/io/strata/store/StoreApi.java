package io.strata.store;

import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;

/**
 * The StoreAPI (Thanos {@code thanos.Store} + {@code thanos.info.Info}) as a Java interface. Messages are
 * the wire protobufs, so the gRPC adapters are thin and an in-process caller pays no conversion.
 *
 * <p>Contract, as in Thanos's rpc.proto:
 * <ul>
 *   <li>{@link #series} streams whole series one after another (never the same label set twice), sorted by
 *       labels, one series per frame ({@code batch} frames are a wire matter of the gRPC adapters). Chunks
 *       of a series are sorted by min time and may extend beyond the requested range; the reader trims.
 *   <li>When the request lists {@code without_replica_labels} and {@link StoreInfo} announces support, the
 *       store removes those labels from the series it sends and sorts (and merges) as if they had never
 *       existed — Thanos's semantics (proposal "avoid global sort"), which a Thanos querier relies on: it
 *       groups replicas by equal labels. Replicas of a series thus arrive as one series with all their
 *       chunks; the querier's dedup splits overlapping chunks back into replicas.
 *   <li>Non-fatal problems (e.g. one of several backends failed under a WARN partial-response strategy)
 *       are {@code SeriesResponse.warning} frames; fatal ones are a {@link StoreException}, thrown either
 *       by the call or from the iterator.
 *   <li>Series with no chunk in the requested range are not sent (unless {@code skip_chunks}).
 * </ul>
 * Implementations are thread-safe; each call is independent.
 */
public interface StoreApi {
  /** What this store serves: external label sets and time range. Cheap; called often (every few seconds). */
  StoreInfo info();

  /**
   * Streams matching series. The caller must close the iterator (closing early cancels the work); the
   * iterator is pull-based, so a slow consumer slows the producer rather than filling memory. {@code close}
   * is idempotent and may be called from another thread while {@code hasNext} blocks, to cancel it (after
   * which {@code hasNext} returns false or throws CANCELLED).
   *
   * @throws StoreException for invalid requests (INVALID_ARGUMENT), exceeded limits (RESOURCE_EXHAUSTED),
   *     unavailable backends (UNAVAILABLE) and the like, also from {@code hasNext}/{@code next}
   */
  CloseableIterator<SeriesResponse> series(SeriesRequest request);

  LabelNamesResponse labelNames(LabelNamesRequest request);

  LabelValuesResponse labelValues(LabelValuesRequest request);
}
