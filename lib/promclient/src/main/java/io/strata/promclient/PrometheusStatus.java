package io.strata.promclient;

import io.strata.model.Labels;
import java.io.IOException;

/**
 * What a sidecar needs to know about its Prometheus before it serves or uploads anything. A small interface
 * so that the shipper's and the store's start-up checks can be driven by fakes in tests;
 * {@link PrometheusClient} is the real one.
 */
public interface PrometheusStatus {
  /** The Prometheus base URL, for messages. */
  String url();

  /**
   * The command-line flags Prometheus runs with ({@code /api/v1/status/flags}).
   *
   * @throws PrometheusApiException with status 404 when this Prometheus is too old to report flags
   */
  PrometheusFlags flags() throws IOException;

  /** {@code global.external_labels} of the configuration Prometheus has loaded; empty when none are set. */
  Labels externalLabels() throws IOException;

  /**
   * The oldest sample timestamp Prometheus holds in ms ({@code prometheus_tsdb_lowest_timestamp_seconds}),
   * or {@code Long.MIN_VALUE} when it holds nothing yet (so that a querier does not prune it).
   */
  long lowestTimestamp() throws IOException;
}
