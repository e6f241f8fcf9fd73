package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.re;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.InMemoryBucket;
import io.strata.proto.thanos.SeriesResponse;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memcached index cache against a real memcached (Debian package), skipped when it is not installed. */
class MemcachedIndexCacheTest {
  @TempDir Path tmp;
  Process memcached;
  InetSocketAddress address;

  @BeforeEach
  void startMemcached() throws Exception {
    File bin = new File("/usr/bin/memcached");
    Assumptions.assumeTrue(bin.canExecute(), "memcached is not installed (apt-get install memcached)");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(bin.getPath(), "-l", "127.0.0.1", "-p", Integer.toString(port),
        "-U", "0", "-m", "64"));
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("-u", "root"));
    }
    memcached = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    address = new InetSocketAddress("127.0.0.1", port);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (Socket s = new Socket(address.getAddress(), port)) {
        break;
      } catch (java.io.IOException e) {
        if (System.nanoTime() > deadline || !memcached.isAlive()) {
          throw new IllegalStateException("memcached did not start", e);
        }
        Thread.sleep(20);
      }
    }
  }

  @AfterEach
  void stopMemcached() throws Exception {
    if (memcached != null) {
      memcached.destroy();
      memcached.waitFor();
    }
  }

  @Test
  void aSecondStoreReadsNoIndexBytesFromTheBucket() throws Exception {
    InMemoryBucket mem = new InMemoryBucket();
    new TestBlocks(tmp).raw(mem, Map.of("cluster", "a"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 300));
    CountingBucket bucket = new CountingBucket(mem);
    List<SeriesResponse> first = null;
    for (int run = 0; run < 2; run++) {
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("data" + run)).build();
      try (MemcachedIndexCache cache = new MemcachedIndexCache(List.of(address), Duration.ofSeconds(2), 1 << 20, reg);
          BlockSyncer syncer = new BlockSyncer(bucket, cfg, reg, TestBlocks.CLOCK);
          BucketStore store = new BucketStore(syncer, cache, cfg, reg, TestBlocks.CLOCK)) {
        syncer.sync();
        bucket.clear();
        List<SeriesResponse> got = drain(store, series(T0, T0 + 2 * HOUR, re("i", "00.."), re("__name__", "up"))
            .build());
        assertThat(got).hasSize(100);
        if (run == 0) {
          first = got;
          assertThat(bucket.reads).anyMatch(r -> r.name().endsWith("/index"));
          Thread.sleep(200); // sets are asynchronous
        } else {
          assertThat(got).isEqualTo(first);
          assertThat(bucket.reads).noneMatch(r -> r.name().endsWith("/index"));
          assertThat(reg.get("strata.bucket.store.index.cache.hits").tag("item_type", "series").counter().count())
              .isEqualTo(100);
        }
      }
    }
  }

  @Test
  void anUnreachableMemcachedIsAMissNotAnError() throws Exception {
    memcached.destroy();
    memcached.waitFor();
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    try (MemcachedIndexCache cache = new MemcachedIndexCache(List.of(address), Duration.ofMillis(100), 1 << 20, reg)) {
      assertThat(cache.fetchSeries("b", new long[] {1, 2}, 0, 2)).isEmpty();
      cache.storeSeries("b", 1, new byte[] {1});
      assertThat(cache.fetchPostings("b", List.of(new IndexCache.PostingsKey("a", "b")))).isEmpty();
    }
  }

  @Test
  void keysAreShortAndDistinct() {
    String a = MemcachedIndexCache.postingsKey("01H", new IndexCache.PostingsKey("ab", "c"));
    String b = MemcachedIndexCache.postingsKey("01H", new IndexCache.PostingsKey("a", "bc"));
    assertThat(a).isNotEqualTo(b).startsWith("P:01H:").hasSizeLessThan(250).doesNotContain(" ");
    assertThat(MemcachedIndexCache.postingsKey("01H", new IndexCache.PostingsKey("n", "x".repeat(10_000))))
        .hasSizeLessThan(100);
  }
}
