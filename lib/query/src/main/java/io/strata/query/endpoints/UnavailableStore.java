package io.strata.query.endpoints;

import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelNamesResponse;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.LabelValuesResponse;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import java.util.List;

/**
 * An endpoint whose last Info call failed: every call fails at once with UNAVAILABLE and the reason, which the
 * proxy turns into a partial-response warning (or an error under the abort strategy).
 */
final class UnavailableStore implements StoreApi {
  private final String reason;

  /** @param reason why the endpoint's last Info call failed; the proxy prefixes the endpoint's address */
  UnavailableStore(String reason) {
    this.reason = reason;
  }

  private StoreException failure() {
    return new StoreException(StoreException.Code.UNAVAILABLE, "endpoint is unhealthy: " + reason);
  }

  @Override
  public StoreInfo info() {
    return new StoreInfo(List.of(), Long.MIN_VALUE, Long.MAX_VALUE, true, "");
  }

  @Override
  public CloseableIterator<SeriesResponse> series(SeriesRequest request) {
    throw failure();
  }

  @Override
  public LabelNamesResponse labelNames(LabelNamesRequest request) {
    throw failure();
  }

  @Override
  public LabelValuesResponse labelValues(LabelValuesRequest request) {
    throw failure();
  }
}
