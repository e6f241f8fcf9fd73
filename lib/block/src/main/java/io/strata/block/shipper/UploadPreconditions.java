package io.strata.block.shipper;

import io.strata.promclient.PrometheusApiException;
import io.strata.promclient.PrometheusDuration;
import io.strata.promclient.PrometheusFlags;
import io.strata.promclient.PrometheusStatus;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must hold before a sidecar uploads blocks of a Prometheus (Thanos's {@code validatePrometheus}): local
 * compaction disabled, i.e. {@code --storage.tsdb.min-block-duration} equal to
 * {@code --storage.tsdb.max-block-duration}, checked through {@code /api/v1/status/flags}.
 */
public final class UploadPreconditions {
  private static final Logger log = LoggerFactory.getLogger(UploadPreconditions.class);

  private UploadPreconditions() {}

  /**
   * Checks the flags, retrying every {@code retryInterval} while Prometheus does not answer (it may still be
   * starting). A Prometheus too old to report flags is accepted with a warning, as Thanos does.
   *
   * @throws IllegalStateException when the block durations differ (the message explains why that is unsafe and
   *     how to fix it), or when Prometheus did not answer within {@code timeout}
   */
  public static void verify(PrometheusStatus prometheus, Duration timeout, Duration retryInterval)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    PrometheusFlags flags;
    while (true) {
      try {
        flags = prometheus.flags();
        break;
      } catch (PrometheusApiException e) {
        if (e.isNotFound()) {
          log.warn("Prometheus does not report its flags (too old?); cannot check that local compaction is"
              + " disabled prometheus={}", prometheus.url());
          return;
        }
        retryOrFail(prometheus, deadline, timeout, retryInterval, e);
      } catch (IOException e) {
        retryOrFail(prometheus, deadline, timeout, retryInterval, e);
      }
    }
    String problem = flags.uploadProblem(prometheus.url());
    if (problem != null) {
      throw new IllegalStateException("refusing to upload blocks: " + problem);
    }
    if (flags.blockDurationNotRecommended()) {
      log.warn("Prometheus block duration is not 2h; only 2h blocks are recommended for uploading block_duration={}",
          PrometheusDuration.format(flags.minBlockDuration()));
    }
  }

  private static void retryOrFail(PrometheusStatus prometheus, long deadline, Duration timeout, Duration retryInterval,
      IOException e) throws InterruptedException {
    if (System.nanoTime() + retryInterval.toNanos() > deadline) {
      throw new IllegalStateException("could not read the flags of Prometheus at " + prometheus.url() + " within "
          + timeout + " (is it running, and is --prometheus.url right?): " + e.getMessage(), e);
    }
    log.warn("failed to get Prometheus flags, retrying prometheus={} error=\"{}\"", prometheus.url(), e.getMessage());
    Thread.sleep(retryInterval.toMillis());
  }
}
