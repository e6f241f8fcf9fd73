package io.strata.promclient;

import java.time.Duration;
import java.util.Map;

/**
 * The flags a Prometheus reports on {@code /api/v1/status/flags} (names without the leading dashes, values as
 * strings), with the checks a shipper makes before uploading.
 */
public record PrometheusFlags(Map<String, String> values) {
  public static final String MIN_BLOCK_DURATION = "storage.tsdb.min-block-duration";
  public static final String MAX_BLOCK_DURATION = "storage.tsdb.max-block-duration";
  /** The block length Thanos recommends and Prometheus defaults to. */
  public static final Duration RECOMMENDED_BLOCK_DURATION = Duration.ofHours(2);

  public PrometheusFlags {
    values = Map.copyOf(values);
  }

  public String get(String name) {
    return values.get(name);
  }

  /** {@code --storage.tsdb.min-block-duration}, or null if not reported. */
  public Duration minBlockDuration() {
    return duration(MIN_BLOCK_DURATION);
  }

  /** {@code --storage.tsdb.max-block-duration}, or null if not reported. */
  public Duration maxBlockDuration() {
    return duration(MAX_BLOCK_DURATION);
  }

  private Duration duration(String name) {
    String v = values.get(name);
    return v == null ? null : PrometheusDuration.parse(v);
  }

  /**
   * Why blocks of this Prometheus must not be uploaded, or null when they may. The sidecar ships level-1 blocks
   * only; if Prometheus compacts them into larger ones (min < max block duration), a block may be compacted
   * away before it is shipped (data missing in the bucket) or after (the compacted block overlaps what was
   * shipped, and uploading it too would duplicate data). Equal durations disable local compaction.
   *
   * @param url the Prometheus URL, named in the message
   */
  public String uploadProblem(String url) {
    Duration min = minBlockDuration();
    Duration max = maxBlockDuration();
    if (min == null || max == null) {
      return null;
    }
    if (!min.equals(max)) {
      return "Prometheus at " + url + " runs with --" + MIN_BLOCK_DURATION + "=" + PrometheusDuration.format(min)
          + " and --" + MAX_BLOCK_DURATION + "=" + PrometheusDuration.format(max)
          + ": with different values Prometheus compacts its blocks into larger ones, so a block can be compacted"
          + " away before the sidecar uploads it, or uploaded and then compacted into an overlapping block."
          + " Local compaction must be disabled: restart Prometheus with both flags equal, e.g. --"
          + MIN_BLOCK_DURATION + "=2h --" + MAX_BLOCK_DURATION + "=2h (2h is recommended), and let the"
          + " compactor compact in the bucket";
    }
    return null;
  }

  /** Whether the block duration differs from the recommended 2h (worth a warning, not an error). */
  public boolean blockDurationNotRecommended() {
    Duration min = minBlockDuration();
    return min != null && !min.equals(RECOMMENDED_BLOCK_DURATION);
  }
}
