package io.strata.store.bucket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.transcoders.SerializingTranscoder;

/**
 * An {@link IndexCache} in memcached (spymemcached client), shared by every store gateway replica and surviving
 * their restarts, like Thanos's {@code type: MEMCACHED} index cache.
 *
 * <p>Keys are {@code P:<block>:<hash>} for a postings list, where the hash is the base64url SHA-256 of name and
 * value (label values can be long and contain anything, memcached keys cannot), and {@code S:<block>:<ref>} for a
 * series entry. Values are the raw index bytes; their CRC is checked again when used, so a damaged value is an
 * error, never wrong data. Values larger than {@code maxItemSize} (memcached's default item limit is 1 MiB) are
 * not stored. Lookups are one multi-get per batch and wait at most {@code timeout}, keeping what arrived;
 * failures and timeouts count in {@code strata_bucket_store_memcached_failures_total{op}} and are misses.
 *
 * <p>The client logs through SLF4J (system property {@code net.spy.log.LoggerImpl}, set unless already set).
 */
public final class MemcachedIndexCache implements IndexCache, AutoCloseable {
  /** Thanos's TTL for index cache items in memcached. */
  private static final int TTL_SECONDS = 24 * 3600;

  private final MemcachedClient client;
  private final long timeoutMillis;
  private final int maxItemSize;
  private final Counter getFailures;
  private final Counter setFailures;

  public MemcachedIndexCache(List<InetSocketAddress> addresses, Duration timeout, int maxItemSize,
      MeterRegistry registry) throws IOException {
    if (System.getProperty("net.spy.log.LoggerImpl") == null) {
      System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    }
    SerializingTranscoder transcoder = new SerializingTranscoder(Math.max(maxItemSize, 1024));
    // Index bytes are mostly incompressible integers; gzip would only cost CPU on every hit.
    transcoder.setCompressionThreshold(Integer.MAX_VALUE);
    this.client = new MemcachedClient(new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.BINARY)
        .setOpTimeout(timeout.toMillis())
        .setDaemon(true)
        .setTranscoder(transcoder)
        .build(), addresses);
    this.timeoutMillis = timeout.toMillis();
    this.maxItemSize = maxItemSize;
    this.getFailures = Counter.builder("strata.bucket.store.memcached.failures").tag("op", "get")
        .description("Memcached index cache operations that failed or timed out (treated as misses).")
        .register(registry);
    this.setFailures = Counter.builder("strata.bucket.store.memcached.failures").tag("op", "set")
        .description("Memcached index cache operations that failed or timed out (treated as misses).")
        .register(registry);
  }

  static String postingsKey(String blockId, PostingsKey key) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    sha.update(key.name().getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0xFF); // never part of UTF-8, so ("ab","c") and ("a","bc") differ
    sha.update(key.value().getBytes(StandardCharsets.UTF_8));
    return "P:" + blockId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
  }

  static String seriesKey(String blockId, long ref) {
    return "S:" + blockId + ":" + ref;
  }

  @Override
  public Map<PostingsKey, byte[]> fetchPostings(String blockId, List<PostingsKey> keys) {
    Map<String, PostingsKey> byKey = new HashMap<>(keys.size() * 2);
    for (PostingsKey k : keys) {
      byKey.put(postingsKey(blockId, k), k);
    }
    Map<PostingsKey, byte[]> out = new HashMap<>();
    getBulk(new ArrayList<>(byKey.keySet())).forEach((k, v) -> out.put(byKey.get(k), v));
    return out;
  }

  @Override
  public void storePostings(String blockId, PostingsKey key, byte[] list) {
    set(postingsKey(blockId, key), list);
  }

  @Override
  public Map<Long, byte[]> fetchSeries(String blockId, long[] refs, int from, int to) {
    Map<String, Long> byKey = new HashMap<>((to - from) * 2);
    for (int i = from; i < to; i++) {
      byKey.put(seriesKey(blockId, refs[i]), refs[i]);
    }
    Map<Long, byte[]> out = new HashMap<>();
    getBulk(new ArrayList<>(byKey.keySet())).forEach((k, v) -> out.put(byKey.get(k), v));
    return out;
  }

  @Override
  public void storeSeries(String blockId, long ref, byte[] entry) {
    set(seriesKey(blockId, ref), entry);
  }

  private Map<String, byte[]> getBulk(List<String> keys) {
    Map<String, byte[]> out = new HashMap<>();
    if (keys.isEmpty()) {
      return out;
    }
    try {
      BulkFuture<Map<String, Object>> f = client.asyncGetBulk(keys);
      Map<String, Object> got = f.getSome(timeoutMillis, TimeUnit.MILLISECONDS);
      if (got.size() < keys.size() && !f.isDone()) {
        getFailures.increment();
      }
      got.forEach((k, v) -> {
        if (v instanceof byte[] b) {
          out.put(k, b);
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      getFailures.increment();
    } catch (RuntimeException | java.util.concurrent.ExecutionException e) {
      getFailures.increment();
    }
    return out;
  }

  private void set(String key, byte[] value) {
    if (value.length > maxItemSize) {
      return;
    }
    try {
      client.set(key, TTL_SECONDS, value);
    } catch (RuntimeException e) {
      // The client's queue is full or shut down: caching is best effort.
      setFailures.increment();
    }
  }

  @Override
  public void close() {
    client.shutdown(timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
