package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.re;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.InMemoryBucket;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.Series;
import io.strata.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves by counting bucket operations that building index-headers and serving queries read the index and chunk
 * files only with ranged GETs, never whole, and that nearby ranges are merged.
 */
class RangedReadsTest {
  @TempDir Path tmp;
  InMemoryBucket mem;
  CountingBucket bucket;
  BlockMeta meta;
  long indexSize;

  @BeforeEach
  void setUp() throws Exception {
    mem = new InMemoryBucket();
    // 4 KiB segments: the block has many chunk files.
    meta = new TestBlocks(tmp).raw(mem, Map.of("cluster", "a"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 200),
        4096);
    indexSize = mem.objects().get(meta.ulid() + "/index").length;
    bucket = new CountingBucket(mem);
  }

  private BucketStore store(BucketStoreConfig cfg, SimpleMeterRegistry reg) throws Exception {
    BlockSyncer syncer = new BlockSyncer(bucket, cfg, reg, TestBlocks.CLOCK);
    syncer.sync();
    return new BucketStore(syncer, IndexCache.NOOP, cfg, reg, TestBlocks.CLOCK);
  }

  private void assertNoWholeObjectReads() {
    assertThat(bucket.reads("get")).allMatch(r -> r.name().endsWith("meta.json") || r.name().endsWith(".json"));
    for (CountingBucket.Read r : bucket.reads("get_range")) {
      if (r.name().endsWith("/index")) {
        assertThat(r.length()).as("ranged read of the index").isBetween(1L, indexSize - 1);
      }
      assertThat(r.length()).as("ranged read %s", r).isNotEqualTo(-1L);
    }
  }

  @Test
  void indexHeaderIsBuiltFromFourRangedReads() throws Exception {
    try (BlockSyncer s = new BlockSyncer(bucket, BucketStoreConfig.builder(tmp.resolve("d")).build(),
        new SimpleMeterRegistry(), TestBlocks.CLOCK)) {
      s.sync();
    }
    assertNoWholeObjectReads();
    List<CountingBucket.Read> indexReads = bucket.reads.stream().filter(r -> r.name().endsWith("/index")).toList();
    // Header (5 bytes), TOC (52 bytes), symbol table, postings offset table; the size comes from meta.json.
    assertThat(indexReads).hasSize(4).allMatch(r -> r.op().equals("get_range"));
    assertThat(indexReads.stream().mapToLong(CountingBucket.Read::length).sum()).isLessThan(indexSize / 2);
    assertThat(bucket.reads).noneMatch(r -> r.name().contains("/chunks/0") && !r.op().equals("iter"));
  }

  @Test
  void queriesUseMergedRangedReadsOnly() throws Exception {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    try (BucketStore store = store(BucketStoreConfig.builder(tmp.resolve("d")).build(), reg)) {
      bucket.clear();
      List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR, eq("__name__", "up")).build()));
      assertThat(got).hasSize(200);
      assertNoWholeObjectReads();
      // One postings read, one series read (200 entries within the 512 KiB gap), one read per chunk segment.
      assertThat(bucket.reads("get_range").stream().filter(r -> r.name().endsWith("/index"))).hasSize(2);
      long segments = mem.names().stream().filter(n -> n.contains("/chunks/")).count();
      assertThat(bucket.reads("get_range").stream().filter(r -> r.name().contains("/chunks/")).toList())
          .as("chunk reads").hasSize((int) segments);
      assertThat(reg.get("strata.bucket.store.fetched").tag("type", "series").counter().count()).isEqualTo(200);
      assertThat(reg.get("strata.bucket.store.fetched.bytes").tag("type", "chunks").counter().count()).isPositive();

      bucket.clear();
      store.labelNames(LabelNamesRequest.newBuilder().build());
      store.labelValues(LabelValuesRequest.newBuilder().setLabel("i").build());
      assertThat(bucket.reads).as("label queries without matchers use the index-header only").isEmpty();
      store.labelValues(LabelValuesRequest.newBuilder().setLabel("i").addMatchers(re("i", "00[0-4].")).build());
      assertThat(bucket.reads).as("matchers on the same label need no series").isEmpty();
      store.labelNames(LabelNamesRequest.newBuilder().addMatchers(eq("i", "0003")).build());
      assertNoWholeObjectReads();
      assertThat(bucket.reads("get_range")).hasSize(2);
    }
  }

  @Test
  void aZeroGapSplitsReadsThatTheDefaultGapMerges() throws Exception {
    long[] indexReads = new long[2];
    long[] gaps = {512 * 1024, 0};
    for (int k = 0; k < 2; k++) {
      BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d" + k)).partitionMaxGapBytes(gaps[k]).build();
      try (BucketStore store = store(cfg, new SimpleMeterRegistry())) {
        bucket.clear();
        List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR, re("i", "00[0-9]0")).build()));
        assertThat(got).hasSize(10);
        assertNoWholeObjectReads();
        indexReads[k] = bucket.reads("get_range").stream().filter(r -> r.name().endsWith("/index")).count();
      }
    }
    // Default: one read for the 10 postings lists, one for the 10 series entries 9 entries apart.
    assertThat(indexReads[0]).isEqualTo(2);
    assertThat(indexReads[1]).isGreaterThan(2);
  }

  @Test
  void itemsLongerThanTheirEstimateAreReadAgainExactly() throws Exception {
    SimpleMeterRegistry reg = new SimpleMeterRegistry();
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("d")).estimatedMaxChunkSize(16)
        .estimatedMaxSeriesSize(16).partitionMaxGapBytes(0).build();
    // The block's meta carries exact index_stats, which win over the configured estimates: remove them.
    BlockMeta stripped = meta.withThanos(meta.thanos().withIndexStats(new BlockMeta.IndexStats(0, 0)));
    byte[] json = io.strata.tsdb.block.BlockMetaCodec.toJson(stripped);
    mem.upload(meta.ulid() + "/meta.json", new java.io.ByteArrayInputStream(json), json.length);
    try (BucketStore store = store(cfg, reg)) {
      List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR, re("i", "00[0-4].")).build()));
      assertThat(got).hasSize(50);
      for (Series s : got) {
        int i = Integer.parseInt(TestBlocks.labels(s).get("i"));
        TreeMap<Long, Double> samples = TestBlocks.samples(s);
        assertThat(samples).hasSize(480);
        samples.forEach((t, v) -> assertThat(v).isEqualTo(TestBlocks.valueOf(i, t)));
      }
      assertThat(reg.get("strata.bucket.store.refetches").tag("type", "chunks").counter().count()).isPositive();
      assertThat(reg.get("strata.bucket.store.refetches").tag("type", "series").counter().count()).isPositive();
      assertNoWholeObjectReads();
    }
  }
}
