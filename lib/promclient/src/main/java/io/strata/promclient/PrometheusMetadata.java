package io.strata.promclient;

import io.strata.model.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external labels and time range of a Prometheus, refreshed periodically — what Thanos's sidecar keeps in
 * {@code promMetadata}. Prometheus reloads its configuration at run time, so the labels the sidecar attaches to
 * served series and uploaded blocks must follow; a failed refresh keeps the last known values and marks the
 * metadata not ready until the next success (Thanos uses the refresh as a heartbeat the same way).
 *
 * <p>Thread-safe: readers see the values of one complete refresh.
 */
public final class PrometheusMetadata {
  private static final Logger log = LoggerFactory.getLogger(PrometheusMetadata.class);
  static final String NO_EXTERNAL_LABELS_HELP = "no external labels are configured on Prometheus at %s; the sidecar"
      + " needs labels that identify this Prometheus uniquely (its blocks in the bucket and its series in a querier"
      + " are told apart by them). Add them to prometheus.yml, e.g.%n  global:%n    external_labels:%n"
      + "      cluster: eu1%n      replica: \"0\"%nthen reload Prometheus (SIGHUP, or POST /-/reload with"
      + " --web.enable-lifecycle). See https://thanos.io/tip/thanos/storage.md#external-labels";

  private record Snapshot(Labels labels, long minTime, boolean ready) {}

  private final PrometheusStatus prometheus;
  private final long limitMinTime;
  private volatile Snapshot snapshot = new Snapshot(Labels.EMPTY, Long.MIN_VALUE, false);

  /**
   * @param limitMinTime the sidecar's {@code --min-time}: the store never claims data older than this
   *     ({@code Long.MIN_VALUE} for no limit)
   */
  public PrometheusMetadata(PrometheusStatus prometheus, long limitMinTime) {
    this.prometheus = prometheus;
    this.limitMinTime = limitMinTime;
  }

  public PrometheusMetadata(PrometheusStatus prometheus) {
    this(prometheus, Long.MIN_VALUE);
  }

  public PrometheusStatus prometheus() {
    return prometheus;
  }

  /** Reads labels and lowest timestamp once. On failure the previous values stay and {@link #ready()} is false. */
  public void refresh() throws IOException {
    try {
      long lowest = prometheus.lowestTimestamp();
      Labels labels = prometheus.externalLabels();
      Snapshot old = snapshot;
      snapshot = new Snapshot(labels, Math.max(limitMinTime, lowest), !labels.isEmpty());
      if (!labels.equals(old.labels)) {
        log.info("external labels of Prometheus loaded prometheus={} external_labels={}", prometheus.url(), labels);
      }
    } catch (IOException | RuntimeException e) {
      Snapshot old = snapshot;
      snapshot = new Snapshot(old.labels, old.minTime, false);
      throw e;
    }
  }

  /** The current external labels; empty before the first successful refresh. */
  public Labels externalLabels() {
    return snapshot.labels;
  }

  /** Oldest time Prometheus may hold data for, in ms. */
  public long minTime() {
    return snapshot.minTime;
  }

  /** Prometheus keeps ingesting, so its data never ends. */
  public long maxTime() {
    return Long.MAX_VALUE;
  }

  /** Whether the last refresh succeeded and found external labels. */
  public boolean ready() {
    return snapshot.ready;
  }

  /**
   * Refreshes until Prometheus answers (retrying every {@code retryInterval}, since the sidecar usually starts
   * before its Prometheus is up), then insists on external labels — like Thanos, which refuses to start without.
   *
   * @return the external labels
   * @throws IllegalStateException when Prometheus has no external labels (the message says how to add them), or
   *     when it did not answer within {@code timeout}
   */
  public Labels awaitExternalLabels(Duration timeout, Duration retryInterval) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last;
    while (true) {
      try {
        refresh();
        Labels labels = externalLabels();
        if (labels.isEmpty()) {
          throw new IllegalStateException(String.format(NO_EXTERNAL_LABELS_HELP, prometheus.url()));
        }
        return labels;
      } catch (IOException e) {
        last = e;
        log.warn("Prometheus not reachable yet, retrying prometheus={} retry_in={} error=\"{}\"", prometheus.url(),
            retryInterval, e.getMessage());
      }
      if (System.nanoTime() + retryInterval.toNanos() > deadline) {
        throw new IllegalStateException("Prometheus at " + prometheus.url() + " did not answer within " + timeout
            + " (is it running, and is --prometheus.url right?): " + last.getMessage(), last);
      }
      Thread.sleep(retryInterval.toMillis());
    }
  }

  /** Refreshes every {@code interval} on {@code executor}, logging failures; cancel the returned future to stop. */
  public ScheduledFuture<?> scheduleRefresh(ScheduledExecutorService executor, Duration interval) {
    return executor.scheduleWithFixedDelay(() -> {
      try {
        refresh();
      } catch (IOException | RuntimeException e) {
        log.warn("refreshing Prometheus metadata failed; keeping the last known external labels prometheus={}"
            + " error=\"{}\"", prometheus.url(), e.getMessage());
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }
}
