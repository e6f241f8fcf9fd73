package io.strata.sidecar;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sidecar's flags, named and defaulted as Thanos's {@code thanos sidecar} (thanos-components.md §1.8). The
 * listen addresses and the bucket flags ({@code --objstore.config-file}, {@code --objstore.config}) are
 * {@code lib/server}'s; without a bucket the sidecar serves the StoreAPI but uploads nothing, as in Thanos.
 *
 * @param tsdb {@code --tsdb.path=./data}: the Prometheus data directory the shipper watches
 * @param prometheus {@code --prometheus.*}
 * @param shipper {@code --shipper.*}
 * @param minTime {@code --min-time}: the oldest data the store claims and serves, an RFC 3339 time or a duration
 *     relative to now ({@code -2w}); default {@code 0000-01-01T00:00:00Z}
 */
@ConfigurationProperties
public record SidecarProperties(
    @DefaultValue Tsdb tsdb,
    @DefaultValue Prometheus prometheus,
    @DefaultValue Shipper shipper,
    @DefaultValue("0000-01-01T00:00:00Z") String minTime) {

  /** @param path {@code --tsdb.path}, default {@code ./data} */
  public record Tsdb(@DefaultValue("./data") Path path) {}

  /**
   * @param url {@code --prometheus.url=http://localhost:9090}
   * @param readyTimeout {@code --prometheus.ready_timeout=10m}: how long start-up waits for Prometheus to answer
   * @param getConfigInterval {@code --prometheus.get_config_interval=30s}: how often external labels and the oldest
   *     timestamp are re-read (Prometheus may have reloaded its configuration)
   * @param getConfigTimeout {@code --prometheus.get_config_timeout=30s}: timeout of each Prometheus HTTP request
   *     other than remote read
   */
  public record Prometheus(
      @DefaultValue("http://localhost:9090") URI url,
      @DefaultValue("10m") Duration readyTimeout,
      @DefaultValue("30s") Duration getConfigInterval,
      @DefaultValue("30s") Duration getConfigTimeout) {}

  /**
   * @param uploadCompacted {@code --shipper.upload-compacted}: also ship blocks Prometheus compacted (level &gt; 1),
   *     for migrating a Prometheus that ran with local compaction
   * @param metaFileName {@code --shipper.meta-file-name=thanos.shipper.json}: the state file in {@code --tsdb.path}
   */
  public record Shipper(
      @DefaultValue("false") boolean uploadCompacted,
      @DefaultValue("thanos.shipper.json") String metaFileName) {}
}
