package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.objstore.InMemoryBucket;
import io.strata.proto.thanos.Aggr;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.Series;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution selection over raw and downsampled blocks, aggregate chunks, and replica streams merged. */
class DownsampledAndReplicasTest {
  static final long RES_5M = 300_000L;
  @TempDir Path tmp;

  private BucketStore store(InMemoryBucket bucket) throws Exception {
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("data")).build();
    BlockSyncer syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK);
    syncer.sync();
    return new BucketStore(syncer, IndexCache.NOOP, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK);
  }

  private static TreeMap<Long, Double> decode(Chunk c) {
    TreeMap<Long, Double> out = new TreeMap<>();
    byte[] d = c.getData().toByteArray();
    XorChunkIterator it = new XorChunkIterator(d);
    while (it.next() != ValueType.NONE) {
      out.put(it.atT(), it.atValue());
    }
    return out;
  }

  @Test
  void choosesTheCoarsestResolutionWithinTheWindowAndFillsGapsWithFinerData() throws Exception {
    InMemoryBucket bucket = new InMemoryBucket();
    TestBlocks blocks = new TestBlocks(tmp);
    Map<String, String> ext = Map.of("cluster", "a");
    List<TestBlocks.TestSeries> data = TestBlocks.series("up", 3);
    // Raw data over [0, 6h); 5m downsampled data over [0, 4h) only.
    blocks.raw(bucket, ext, T0, T0 + 2 * HOUR, data);
    blocks.raw(bucket, ext, T0 + 2 * HOUR, T0 + 4 * HOUR, data);
    blocks.raw(bucket, ext, T0 + 4 * HOUR, T0 + 6 * HOUR, data);
    blocks.downsampled(bucket, ext, T0, T0 + 4 * HOUR, RES_5M, data);
    try (BucketStore store = store(bucket)) {
      List<Series> down = TestBlocks.seriesOf(drain(store, series(T0, T0 + 6 * HOUR, eq("__name__", "up"))
          .setMaxResolutionWindow(RES_5M).addAggregates(Aggr.COUNT).addAggregates(Aggr.SUM).build()));
      assertThat(down).hasSize(3);
      Series s = down.get(1);
      int i = Integer.parseInt(TestBlocks.labels(s).get("i"));
      List<AggrChunk> aggr = s.getChunksList().stream().filter(c -> !c.hasRaw()).toList();
      List<AggrChunk> raw = s.getChunksList().stream().filter(AggrChunk::hasRaw).toList();
      assertThat(aggr).isNotEmpty().allMatch(c -> c.hasCount() && c.hasSum() && !c.hasMin() && !c.hasCounter()
          && c.getMaxTime() < T0 + 4 * HOUR);
      assertThat(raw).isNotEmpty().allMatch(c -> c.getMinTime() >= T0 + 4 * HOUR);
      TreeMap<Long, Double> sums = new TreeMap<>();
      aggr.forEach(c -> sums.putAll(decode(c.getSum())));
      assertThat(sums).hasSize(48);
      sums.forEach((t, v) -> assertThat(v).isEqualTo(TestBlocks.valueOf(i, t)));
      assertThat(aggr.get(0).getCount().getType()).isEqualTo(Chunk.Encoding.XOR);
      assertThat(decode(aggr.get(0).getCount()).values()).containsOnly(1.0);

      List<Series> rawOnly = TestBlocks.seriesOf(drain(store, series(T0, T0 + 6 * HOUR, eq("__name__", "up"))
          .setMaxResolutionWindow(0).addAggregates(Aggr.COUNT).build()));
      assertThat(rawOnly.get(0).getChunksList()).allMatch(AggrChunk::hasRaw);
      assertThat(TestBlocks.samples(rawOnly.get(0))).hasSize(6 * 240);
    }
  }

  @Test
  void identicalReplicaStreamsMergeIntoOneSeriesWithoutDuplicateChunks() throws Exception {
    InMemoryBucket bucket = new InMemoryBucket();
    TestBlocks blocks = new TestBlocks(tmp);
    List<TestBlocks.TestSeries> data = TestBlocks.series("up", 4);
    blocks.raw(bucket, Map.of("cluster", "a", "replica", "0"), T0, T0 + 2 * HOUR, data);
    blocks.raw(bucket, Map.of("cluster", "a", "replica", "1"), T0, T0 + 2 * HOUR, data);
    try (BucketStore store = store(bucket)) {
      List<Series> both = TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR, eq("__name__", "up")).build()));
      assertThat(both).hasSize(8);
      List<Series> merged = TestBlocks.seriesOf(drain(store, series(T0, T0 + 2 * HOUR, eq("__name__", "up"))
          .addWithoutReplicaLabels("replica").build()));
      assertThat(merged).hasSize(4);
      // The replicas hold byte-identical chunks: served once.
      assertThat(merged.get(0).getChunksCount()).isEqualTo(both.get(0).getChunksCount());
      assertThat(TestBlocks.labels(merged.get(0)).has("replica")).isFalse();
    }
  }
}
