package io.strata.store.bucket;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link IndexCache} on the heap, bounded by bytes (Caffeine with a weigher: value length plus an estimate of
 * the key), like Thanos's in-memory index cache ({@code --index-cache-size=250MB}). Least recently and least
 * frequently used entries go first (W-TinyLFU), so one large scan does not flush the hot postings.
 *
 * <p>Gauges: {@code strata_bucket_store_index_cache_bytes} (weighted size) and
 * {@code strata_bucket_store_index_cache_max_bytes}.
 */
public final class InMemoryIndexCache implements IndexCache {
  private record PostingsEntry(String block, String name, String value) {}

  private record SeriesEntry(String block, long ref) {}

  /** Object headers, references and the block id's String, roughly; keys are small next to values. */
  private static final int KEY_OVERHEAD = 96;

  private final Cache<Object, byte[]> cache;
  private final long maxBytes;

  public InMemoryIndexCache(long maxBytes, MeterRegistry registry) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("index cache size must be positive, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Object k, byte[] v) -> {
          long w = (long) v.length + KEY_OVERHEAD
              + (k instanceof PostingsEntry p ? 2L * (p.name.length() + p.value.length()) : 0);
          return (int) Math.min(Integer.MAX_VALUE, w);
        })
        .build();
    Gauge.builder("strata.bucket.store.index.cache.bytes", cache,
            c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L))
        .description("Bytes held by the in-memory index cache.").baseUnit("bytes").register(registry);
    Gauge.builder("strata.bucket.store.index.cache.max.bytes", () -> this.maxBytes)
        .description("Capacity of the in-memory index cache.").baseUnit("bytes").register(registry);
  }

  @Override
  public Map<PostingsKey, byte[]> fetchPostings(String blockId, List<PostingsKey> keys) {
    List<Object> wanted = new ArrayList<>(keys.size());
    for (PostingsKey k : keys) {
      wanted.add(new PostingsEntry(blockId, k.name(), k.value()));
    }
    Map<Object, byte[]> hits = cache.getAllPresent(wanted);
    Map<PostingsKey, byte[]> out = new HashMap<>(hits.size() * 2);
    hits.forEach((k, v) -> {
      PostingsEntry e = (PostingsEntry) k;
      out.put(new PostingsKey(e.name, e.value), v);
    });
    return out;
  }

  @Override
  public void storePostings(String blockId, PostingsKey key, byte[] list) {
    cache.put(new PostingsEntry(blockId, key.name(), key.value()), list);
  }

  @Override
  public Map<Long, byte[]> fetchSeries(String blockId, long[] refs, int from, int to) {
    List<Object> wanted = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      wanted.add(new SeriesEntry(blockId, refs[i]));
    }
    Map<Object, byte[]> hits = cache.getAllPresent(wanted);
    Map<Long, byte[]> out = new HashMap<>(hits.size() * 2);
    hits.forEach((k, v) -> out.put(((SeriesEntry) k).ref, v));
    return out;
  }

  @Override
  public void storeSeries(String blockId, long ref, byte[] entry) {
    cache.put(new SeriesEntry(blockId, ref), entry);
  }

  /** Applies pending evictions; tests use it to observe the bound. */
  void cleanUp() {
    cache.cleanUp();
  }

  long weightedSize() {
    cache.cleanUp();
    return cache.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
  }
}
