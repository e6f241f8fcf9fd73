package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.re;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.InMemoryBucket;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-request limits, the Series concurrency bound, and the index cache. */
class LimitsAndCacheTest {
  @TempDir Path tmp;
  CountingBucket bucket;
  SimpleMeterRegistry registry;

  @BeforeEach
  void setUp() throws Exception {
    InMemoryBucket mem = new InMemoryBucket();
    TestBlocks blocks = new TestBlocks(tmp);
    blocks.raw(mem, Map.of("cluster", "a"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 600));
    blocks.raw(mem, Map.of("cluster", "a"), T0 + 2 * HOUR, T0 + 4 * HOUR, TestBlocks.series("up", 600));
    bucket = new CountingBucket(mem);
    registry = new SimpleMeterRegistry();
  }

  private BucketStore store(BucketStoreConfig cfg, IndexCache cache) throws Exception {
    BlockSyncer syncer = new BlockSyncer(bucket, cfg, registry, TestBlocks.CLOCK);
    syncer.sync();
    return new BucketStore(syncer, cache, cfg, registry, TestBlocks.CLOCK);
  }

  private static void assertExhausted(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(StoreException.class).hasMessageContaining(message)
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void seriesLimitCountsMatchedSeriesPerBlockBeforeReadingThem() throws Exception {
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d"))
        .limits(new BucketStoreConfig.Limits(1000, 0, 0)).build();
    try (BucketStore store = store(cfg, IndexCache.NOOP)) {
      assertThat(TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR - 1, eq("__name__", "up")).build())))
          .hasSize(600);
      bucket.clear();
      assertExhausted(() -> drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build()),
          "limit 1000 series exceeded");
      assertThat(bucket.reads).noneMatch(r -> r.name().contains("/chunks/") && r.op().equals("get_range"));
      assertExhausted(() -> store.labelNames(LabelNamesRequest.newBuilder().addMatchers(eq("__name__", "up")).build()),
          "limit 1000 series exceeded");
      assertThat(registry.get("strata.bucket.store.requests.limited").tag("limit", "series").counter().count())
          .isEqualTo(2);
    }
  }

  @Test
  void samplesLimitPricesChunksAt120Samples() throws Exception {
    // 10 series x 4 chunks (480 samples each in 2 h at 15 s) = 40 chunks = 4800 estimated samples.
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d"))
        .limits(new BucketStoreConfig.Limits(0, 4800, 0)).build();
    try (BucketStore store = store(cfg, IndexCache.NOOP)) {
      assertThat(TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR - 1, re("i", "000.")).build())))
          .hasSize(10);
      assertExhausted(() -> drain(store, series(T0, T0 + 2 * HOUR - 1, re("i", "00[01].")).build()),
          "limit 4800 samples exceeded");
      // skip_chunks reads no chunks, so samples are not charged.
      assertThat(drain(store, series(T0, T0 + 4 * HOUR, re("i", "00..")).setSkipChunks(true).build())).hasSize(100);
    }
  }

  @Test
  void downloadedBytesLimitStopsBeforeTheReadThatWouldPassIt() throws Exception {
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d"))
        .limits(new BucketStoreConfig.Limits(0, 0, 50_000)).build();
    try (BucketStore store = store(cfg, IndexCache.NOOP)) {
      assertThat(drain(store, series(T0, T0 + HOUR, eq("i", "0001")).build())).hasSize(1);
      assertExhausted(() -> drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build()),
          "limit 50000 bytes exceeded");
    }
  }

  @Test
  void seriesCallsBeyondTheConcurrencyBoundWaitThenFail() throws Exception {
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d")).maxConcurrentSeriesCalls(1)
        .seriesQueueTimeout(Duration.ofMillis(200)).build();
    try (BucketStore store = store(cfg, IndexCache.NOOP)) {
      CloseableIterator<SeriesResponse> open = store.series(series(T0, T0 + HOUR, eq("i", "0001")).build());
      assertExhausted(() -> store.series(series(T0, T0 + HOUR, eq("i", "0002")).build()),
          "too many concurrent Series calls");
      open.close();
      assertThat(drain(store, series(T0, T0 + HOUR, eq("i", "0002")).build())).hasSize(1);
      // An exhausted iterator frees its slot without an explicit close.
      CloseableIterator<SeriesResponse> it = store.series(series(T0, T0 + HOUR, eq("i", "0003")).build());
      while (it.hasNext()) {
        it.next();
      }
      assertThat(drain(store, series(T0, T0 + HOUR, eq("i", "0004")).build())).hasSize(1);
    }
  }

  @Test
  void indexCacheServesRepeatedPostingsAndSeriesWithoutBucketReads() throws Exception {
    InMemoryIndexCache cache = new InMemoryIndexCache(64 << 20, registry);
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d")).build();
    try (BucketStore store = store(cfg, cache)) {
      List<SeriesResponse> first = drain(store, series(T0, T0 + 4 * HOUR, re("i", "01..")).build());
      bucket.clear();
      List<SeriesResponse> second = drain(store, series(T0, T0 + 4 * HOUR, re("i", "01..")).build());
      assertThat(second).isEqualTo(first).hasSize(100);
      assertThat(bucket.reads).noneMatch(r -> r.name().endsWith("/index"));
      assertThat(bucket.reads).anyMatch(r -> r.name().contains("/chunks/"));
      assertThat(registry.get("strata.bucket.store.index.cache.hits").tag("item_type", "postings").counter().count())
          .isEqualTo(200);
      assertThat(registry.get("strata.bucket.store.index.cache.hits").tag("item_type", "series").counter().count())
          .isEqualTo(200);
      assertThat(registry.get("strata.bucket.store.index.cache.misses").tag("item_type", "series").counter().count())
          .isEqualTo(200);
    }
  }

  @Test
  void indexCacheStaysWithinItsByteBound() {
    InMemoryIndexCache cache = new InMemoryIndexCache(100_000, new SimpleMeterRegistry());
    for (int i = 0; i < 1000; i++) {
      cache.storeSeries("b", i, new byte[1000]);
      cache.storePostings("b", new IndexCache.PostingsKey("n", "v" + i), new byte[500]);
    }
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(100_000);
    assertThat(cache.fetchSeries("b", new long[] {999, 5000}, 0, 2)).doesNotContainKey(5000L);
  }
}
