package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.BlockFiles;
import io.strata.model.Ulid;
import io.strata.objstore.InMemoryBucket;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the syncer loads, skips and drops, and how it survives broken blocks. */
class BlockSyncerTest {
  @TempDir Path tmp;
  InMemoryBucket bucket;
  TestBlocks blocks;
  SimpleMeterRegistry registry;

  @BeforeEach
  void setUp() {
    bucket = new InMemoryBucket();
    blocks = new TestBlocks(tmp);
    registry = new SimpleMeterRegistry();
  }

  private BlockMeta block(long start, String cluster) throws Exception {
    return blocks.raw(bucket, Map.of("cluster", cluster), start, start + 2 * HOUR, TestBlocks.series("up", 5));
  }

  private BlockSyncer syncer(BucketStoreConfig cfg, Clock clock) {
    return new BlockSyncer(bucket, cfg, registry, clock);
  }

  private BucketStoreConfig.Builder cfg() {
    return BucketStoreConfig.builder(tmp.resolve("data"));
  }

  private void put(String name, String content) throws Exception {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    bucket.upload(name, new ByteArrayInputStream(b), b.length);
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void loadsNewBlocksDropsRemovedOnesAndRemovesTheirFiles() throws Exception {
    BlockMeta a = block(T0, "a");
    try (BlockSyncer s = syncer(cfg().build(), TestBlocks.CLOCK)) {
      assertThat(s.firstSyncSucceeded()).isFalse();
      assertThat(s.sync()).isEqualTo(new BlockSyncer.SyncResult(1, 0, 0, 1));
      assertThat(s.firstSyncSucceeded()).isTrue();
      assertThat(Files.exists(tmp.resolve("data").resolve(a.ulid()).resolve("index-header"))).isTrue();
      BlockMeta b = block(T0 + 2 * HOUR, "a");
      assertThat(s.sync()).isEqualTo(new BlockSyncer.SyncResult(1, 0, 0, 2));
      for (String name : bucket.names()) {
        if (name.startsWith(a.ulid())) {
          bucket.delete(name);
        }
      }
      assertThat(s.sync()).isEqualTo(new BlockSyncer.SyncResult(0, 1, 0, 1));
      assertThat(s.loadedBlockIds()).containsExactly(b.ulid());
      assertThat(Files.exists(tmp.resolve("data").resolve(a.ulid()))).isFalse();
      assertThat(s.sync()).isEqualTo(new BlockSyncer.SyncResult(0, 0, 0, 1));
      assertThat(counter("strata.bucket.store.block.loads")).isEqualTo(2);
      assertThat(counter("strata.bucket.store.block.drops")).isEqualTo(1);
      assertThat(registry.get("strata.bucket.store.blocks.loaded").gauge().value()).isEqualTo(1);
    }
  }

  @Test
  void skipsPartialUploadsFreshBlocksAndBlocksLongMarkedForDeletion() throws Exception {
    BlockMeta ok = block(T0, "a");
    BlockMeta marked = block(T0 + 2 * HOUR, "a");
    BlockMeta recentlyMarked = block(T0 + 4 * HOUR, "a");
    Clock clock = TestBlocks.CLOCK;
    long nowSec = clock.millis() / 1000;
    put(BlockFiles.deletionMark(marked.ulid()), "{\"id\":\"" + marked.ulid()
        + "\",\"version\":1,\"deletion_time\":" + (nowSec - 25 * 3600) + "}");
    put(BlockFiles.deletionMark(recentlyMarked.ulid()), "{\"id\":\"" + recentlyMarked.ulid()
        + "\",\"version\":1,\"deletion_time\":" + (nowSec - 3600) + "}");
    String partial = Ulid.generate(T0).toString();
    put(partial + "/index", "x");
    try (BlockSyncer s = syncer(cfg().build(), clock)) {
      s.sync();
      assertThat(s.loadedBlockIds()).containsExactlyInAnyOrder(ok.ulid(), recentlyMarked.ulid());
      assertThat(registry.get("strata.bucket.store.blocks.skipped").tag("reason", "partial").gauge().value())
          .isEqualTo(1);
      assertThat(registry.get("strata.bucket.store.blocks.skipped").tag("reason", "marked-for-deletion").gauge()
          .value()).isEqualTo(1);
    }
    // Uploaded (per meta.json) at CLOCK's time: too fresh for a 30m consistency delay until 30m later.
    Clock upload = TestBlocks.CLOCK;
    try (BlockSyncer s = syncer(cfg().consistencyDelay(Duration.ofMinutes(30)).build(), upload)) {
      s.sync();
      assertThat(s.loadedBlockIds()).isEmpty();
    }
    Clock later = Clock.offset(upload, Duration.ofMinutes(31));
    try (BlockSyncer s = syncer(cfg().consistencyDelay(Duration.ofMinutes(30)).build(), later)) {
      s.sync();
      assertThat(s.loadedBlockIds()).hasSize(2);
    }
  }

  @Test
  void timeBoundsAbsoluteAndRelative() throws Exception {
    BlockMeta early = block(T0, "a");
    BlockMeta late = block(T0 + 100 * HOUR, "a");
    try (BlockSyncer s = syncer(cfg().maxTime(TimeBound.absolute(T0 + 50 * HOUR)).build(), TestBlocks.CLOCK)) {
      s.sync();
      assertThat(s.loadedBlockIds()).containsExactly(early.ulid());
    }
    // CLOCK is T0 + 1000h: -950h reaches back to T0 + 50h.
    try (BlockSyncer s = syncer(cfg().minTime(TimeBound.parse("-950h")).build(), TestBlocks.CLOCK)) {
      s.sync();
      assertThat(s.loadedBlockIds()).containsExactly(late.ulid());
    }
  }

  @Test
  void shardsBlocksByHashOfTheirLabels() throws Exception {
    for (int i = 0; i < 6; i++) {
      block(T0 + 2L * i * HOUR, "c" + i);
    }
    int total = 0;
    for (int shard = 0; shard < 3; shard++) {
      BucketStoreConfig.Shard sh = new BucketStoreConfig.Shard(shard, 3, List.of("cluster"));
      try (BlockSyncer s = syncer(cfg().shard(sh).build(), TestBlocks.CLOCK)) {
        s.sync();
        total += s.loadedBlockIds().size();
      }
    }
    assertThat(total).isEqualTo(6);
  }

  @Test
  void dropsBlocksWhoseSourcesAreCoveredByACompactedBlock() throws Exception {
    BlockMeta a = block(T0, "a");
    BlockMeta b = block(T0 + 2 * HOUR, "a");
    BlockMeta compacted = block(T0 + 4 * HOUR, "a");
    BlockMeta.Compaction c = new BlockMeta.Compaction(2, List.of(a.ulid(), b.ulid()), null, false, false, null);
    BlockMeta rewritten = new BlockMeta(compacted.ulid(), compacted.minTime(), compacted.maxTime(),
        compacted.stats(), c, 1, compacted.thanos());
    byte[] json = BlockMetaCodec.toJson(rewritten);
    bucket.upload(BlockFiles.meta(compacted.ulid()), new ByteArrayInputStream(json), json.length);
    try (BlockSyncer s = syncer(cfg().build(), TestBlocks.CLOCK)) {
      s.sync();
      assertThat(s.loadedBlockIds()).containsExactly(compacted.ulid());
    }
  }

  @Test
  void brokenBlocksAreSkippedCountedAndTheRestServed() throws Exception {
    BlockMeta good = block(T0, "a");
    BlockMeta truncated = block(T0 + 2 * HOUR, "a");
    BlockMeta noChunks = block(T0 + 4 * HOUR, "a");
    BlockMeta garbage = block(T0 + 6 * HOUR, "a");
    BlockMeta noIndex = block(T0 + 8 * HOUR, "a");
    byte[] idx = bucket.objects().get(truncated.ulid() + "/index");
    bucket.upload(truncated.ulid() + "/index", new ByteArrayInputStream(idx, 0, idx.length / 2), idx.length / 2);
    bucket.delete(noChunks.ulid() + "/chunks/000001");
    put(BlockFiles.meta(garbage.ulid()), "{not json");
    bucket.delete(noIndex.ulid() + "/index");
    try (BlockSyncer s = syncer(cfg().build(), TestBlocks.CLOCK);
        BucketStore store = new BucketStore(s, IndexCache.NOOP, cfg().build(), registry, TestBlocks.CLOCK)) {
      BlockSyncer.SyncResult r = s.sync();
      assertThat(r.failed()).isEqualTo(3);
      assertThat(s.firstSyncSucceeded()).isTrue();
      assertThat(s.loadedBlockIds()).containsExactly(good.ulid());
      assertThat(counter("strata.bucket.store.block.load.failures")).isEqualTo(4);
      assertThat(TestBlocks.seriesOf(drain(store, series(T0, T0 + 10 * HOUR, eq("__name__", "up")).build())))
          .hasSize(5);
      // Failed blocks are retried at the next sync.
      s.sync();
      assertThat(counter("strata.bucket.store.block.load.failures")).isEqualTo(8);
    }
  }

  @Test
  void reusesIndexHeadersAtRestartWithoutReadingTheIndexAndRebuildsDamagedOnes() throws Exception {
    BlockMeta a = block(T0, "a");
    BlockMeta b = block(T0 + 2 * HOUR, "a");
    CountingBucket counting = new CountingBucket(bucket);
    try (BlockSyncer s = new BlockSyncer(counting, cfg().build(), registry, TestBlocks.CLOCK)) {
      s.sync();
    }
    assertThat(counting.reads).anyMatch(r -> r.name().endsWith("/index"));
    counting.clear();
    Path header = tmp.resolve("data").resolve(b.ulid()).resolve("index-header");
    byte[] h = Files.readAllBytes(header);
    h[h.length - 30] ^= 1;
    Files.write(header, h);
    Files.createDirectories(tmp.resolve("data").resolve(Ulid.generate(T0).toString()));
    try (BlockSyncer s = new BlockSyncer(counting, cfg().build(), registry, TestBlocks.CLOCK)) {
      s.sync();
      assertThat(s.loadedBlockIds()).containsExactlyInAnyOrder(a.ulid(), b.ulid());
    }
    assertThat(counting.reads).noneMatch(r -> r.name().equals(a.ulid() + "/index"));
    assertThat(counting.reads).anyMatch(r -> r.name().equals(b.ulid() + "/index"));
    try (var dirs = Files.list(tmp.resolve("data"))) {
      assertThat(dirs.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder(a.ulid(), b.ulid());
    }
  }

  @Test
  void lazyIndexHeadersOpenOnFirstUseAndCloseWhenIdle() throws Exception {
    BlockMeta a = block(T0, "a");
    block(T0 + 2 * HOUR, "a");
    BucketStoreConfig lazy = cfg().indexHeaderIdleTimeout(Duration.ofMillis(1)).build();
    try (BlockSyncer s = syncer(lazy, TestBlocks.CLOCK);
        BucketStore store = new BucketStore(s, IndexCache.NOOP, lazy, registry, TestBlocks.CLOCK)) {
      s.sync();
      assertThat(registry.get("strata.bucket.store.index.headers.open").gauge().value()).isZero();
      assertThat(TestBlocks.seriesOf(drain(store, series(T0, T0 + HOUR, eq("__name__", "up")).build()))).hasSize(5);
      assertThat(registry.get("strata.bucket.store.index.headers.open").gauge().value()).isEqualTo(1);
      assertThat(registry.get("strata.bucket.store.index.headers.heap").gauge().value()).isPositive();
      Thread.sleep(5);
      s.closeIdleHeaders();
      assertThat(registry.get("strata.bucket.store.index.headers.open").gauge().value()).isZero();
      assertThat(counter("strata.bucket.store.index.header.lazy.unloads")).isEqualTo(1);
      // A header damaged while closed is rebuilt from the bucket when next opened.
      Path header = tmp.resolve("data").resolve(a.ulid()).resolve("index-header");
      byte[] h = Files.readAllBytes(header);
      h[40] ^= 1;
      Files.write(header, h);
      assertThat(TestBlocks.seriesOf(drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build())))
          .hasSize(5);
      assertThat(counter("strata.bucket.store.index.header.lazy.loads")).isEqualTo(3);
    }
  }

  @Test
  void startSyncsInTheBackgroundAndOnRequest() throws Exception {
    block(T0, "a");
    try (BlockSyncer s = syncer(cfg().syncInterval(Duration.ofHours(1)).build(), TestBlocks.CLOCK)) {
      s.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!s.firstSyncSucceeded() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(s.loadedBlockIds()).hasSize(1);
      block(T0 + 2 * HOUR, "a");
      s.requestSync();
      while (s.loadedBlockIds().size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(s.loadedBlockIds()).hasSize(2);
    }
  }

  @Test
  void timeBoundParsing() {
    assertThat(TimeBound.parse("-2w").resolve(Clock.fixed(Instant.ofEpochMilli(15 * 86_400_000L), ZoneOffset.UTC)))
        .isEqualTo(86_400_000L);
    assertThat(TimeBound.parse("1d12h").resolve(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))).isEqualTo(36 * HOUR);
    assertThat(TimeBound.parse("2026-01-01T00:00:00Z").resolve(TestBlocks.CLOCK))
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    assertThat(TimeBound.MIN.resolve(TestBlocks.CLOCK)).isLessThan(0);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimeBound.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("yesterday");
  }
}
