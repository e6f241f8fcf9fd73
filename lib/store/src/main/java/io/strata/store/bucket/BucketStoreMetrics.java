package io.strata.store.bucket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store gateway's meters, named {@code strata_bucket_store_*} once rendered for Prometheus (Micrometer adds
 * {@code _total} to counters and {@code _seconds} to timers):
 * <ul>
 *   <li>{@code blocks_loaded} (gauge, registered by {@link BlockSyncer}), {@code block_loads_total},
 *       {@code block_load_failures_total}, {@code block_drops_total}, {@code blocks_skipped{reason}} (gauge, per
 *       last sync), {@code syncs_total}, {@code sync_failures_total}, {@code sync_duration_seconds},
 *       {@code index_header_build_duration_seconds}, {@code index_headers_open} and {@code index_headers_heap_bytes}
 *       (gauges), {@code index_header_lazy_loads_total}, {@code index_header_lazy_unloads_total};
 *   <li>per data type ({@code postings}, {@code series}, {@code chunks}): {@code fetched_total} (items read from
 *       the bucket), {@code fetched_bytes_total}, {@code range_reads_total} (GETs), {@code refetches_total} (items
 *       longer than their estimate, read again);
 *   <li>{@code index_cache_hits_total{item_type}}, {@code index_cache_misses_total{item_type}};
 *   <li>{@code request_duration_seconds{operation}} for {@code series}, {@code label_names}, {@code label_values};
 *       {@code series_queue_wait_seconds}; {@code requests_limited_total{limit}}.
 * </ul>
 */
final class BucketStoreMetrics {
  enum DataType {
    POSTINGS, SERIES, CHUNKS;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  record TypeMeters(Counter fetched, Counter bytes, Counter reads, Counter refetches, Counter cacheHits,
      Counter cacheMisses) {}

  final MeterRegistry registry;
  final Counter blockLoads;
  final Counter blockLoadFailures;
  final Counter blockDrops;
  final Counter syncs;
  final Counter syncFailures;
  final Timer syncDuration;
  final Timer headerBuildDuration;
  final Counter headerLazyLoads;
  final Counter headerLazyUnloads;
  final Timer seriesQueueWait;
  private final Map<DataType, TypeMeters> types = new EnumMap<>(DataType.class);
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<String, Counter> limited = new ConcurrentHashMap<>();

  BucketStoreMetrics(MeterRegistry registry) {
    this.registry = registry;
    blockLoads = Counter.builder("strata.bucket.store.block.loads")
        .description("Blocks loaded (index-header built or reused and opened).").register(registry);
    blockLoadFailures = Counter.builder("strata.bucket.store.block.load.failures")
        .description("Blocks that failed to load (corrupt or missing files, bucket errors); retried every sync.")
        .register(registry);
    blockDrops = Counter.builder("strata.bucket.store.block.drops")
        .description("Blocks unloaded because they left the bucket or were filtered out.").register(registry);
    syncs = Counter.builder("strata.bucket.store.syncs").description("Block syncs run.").register(registry);
    syncFailures = Counter.builder("strata.bucket.store.sync.failures")
        .description("Block syncs that could not list the bucket.").register(registry);
    syncDuration = Timer.builder("strata.bucket.store.sync.duration").description("Duration of block syncs.")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).register(registry);
    headerBuildDuration = Timer.builder("strata.bucket.store.index.header.build.duration")
        .description("Time to build one index-header from ranged reads of the index.").register(registry);
    headerLazyLoads = Counter.builder("strata.bucket.store.index.header.lazy.loads")
        .description("Index-headers opened on first use (lazy index-headers).").register(registry);
    headerLazyUnloads = Counter.builder("strata.bucket.store.index.header.lazy.unloads")
        .description("Index-headers closed after being idle (lazy index-headers).").register(registry);
    seriesQueueWait = Timer.builder("strata.bucket.store.series.queue.wait")
        .description("Time Series calls waited for a concurrency slot.").register(registry);
    for (DataType t : DataType.values()) {
      String l = t.label();
      types.put(t, new TypeMeters(
          Counter.builder("strata.bucket.store.fetched").tag("type", l)
              .description("Items read from the bucket.").register(registry),
          Counter.builder("strata.bucket.store.fetched.bytes").tag("type", l).baseUnit("bytes")
              .description("Bytes read from the bucket.").register(registry),
          Counter.builder("strata.bucket.store.range.reads").tag("type", l)
              .description("Ranged GETs issued.").register(registry),
          Counter.builder("strata.bucket.store.refetches").tag("type", l)
              .description("Items longer than their size estimate, read again.").register(registry),
          Counter.builder("strata.bucket.store.index.cache.hits").tag("item_type", l)
              .description("Index cache lookups answered.").register(registry),
          Counter.builder("strata.bucket.store.index.cache.misses").tag("item_type", l)
              .description("Index cache lookups not answered.").register(registry)));
    }
    for (String op : new String[] {"series", "label_names", "label_values"}) {
      duration(op);
    }
    for (String l : new String[] {"series", "samples", "bytes"}) {
      limited(l);
    }
  }

  TypeMeters type(DataType t) {
    return types.get(t);
  }

  Timer duration(String operation) {
    return durations.computeIfAbsent(operation, op -> Timer.builder("strata.bucket.store.request.duration")
        .tag("operation", op).description("Duration of StoreAPI calls, until the response is fully consumed.")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).register(registry));
  }

  Counter limited(String limit) {
    return limited.computeIfAbsent(limit, l -> Counter.builder("strata.bucket.store.requests.limited")
        .tag("limit", l).description("Requests refused because a per-request limit was exceeded.")
        .register(registry));
  }
}
