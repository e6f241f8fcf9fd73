package io.strata.store.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.block.BucketBlock;
import io.strata.model.Labels;
import io.strata.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Range partitioning, label-order repair and the hashmod shard, each checked on its own. */
class SmallPartsTest {
  @Test
  void partitionerMergesRangesWithinTheGap() {
    long[] starts = {0, 50, 300, 305, 2000};
    long[] ends = {10, 60, 310, 400, 2010};
    List<RangePartitioner.Part> parts = RangePartitioner.partition(starts, ends, 5, 100);
    assertThat(parts).containsExactly(new RangePartitioner.Part(0, 60, 0, 1), new RangePartitioner.Part(300, 400, 2, 3),
        new RangePartitioner.Part(2000, 2010, 4, 4));
    assertThat(RangePartitioner.partition(starts, ends, 5, 0)).hasSize(4);
    assertThat(RangePartitioner.partition(starts, ends, 0, 0)).isEmpty();
  }

  /** Random stored label sets, many of them prefixes of others: the repair must equal a full sort. */
  @Test
  void externalLabelOrderRepairEqualsAFullSort() {
    Random rnd = new Random(42);
    String[] names = {"a", "b", "c", "m", "x", "z"};
    for (int round = 0; round < 200; round++) {
      Labels ext = Labels.of(names[rnd.nextInt(names.length)] + "e", "E" + rnd.nextInt(3));
      TreeMap<Labels, Boolean> stored = new TreeMap<>();
      for (int i = 0; i < 40; i++) {
        Labels.Builder b = Labels.builder();
        for (String n : names) {
          if (rnd.nextInt(3) == 0) {
            b.set(n, "v" + rnd.nextInt(2));
          }
        }
        Labels l = b.build();
        if (!l.isEmpty() && !l.has(ext.name(0))) {
          stored.put(l, true);
        }
      }
      ExternalLabelOrder order = new ExternalLabelOrder(ext, false);
      List<BlockSeries> out = new ArrayList<>();
      List<Labels> expected = new ArrayList<>();
      for (Labels l : stored.keySet()) {
        Labels served = ext.mergedWith(l);
        expected.add(served);
        order.add(new BlockSeries(l, served, new long[0]));
        if (rnd.nextBoolean()) {
          out.addAll(order.drain(1 + rnd.nextInt(5)));
        }
      }
      order.finish();
      out.addAll(order.drain(Integer.MAX_VALUE));
      Collections.sort(expected);
      assertThat(out.stream().map(s -> s.labels).toList()).as("round %d, ext %s", round, ext)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void prefixSeriesAreHeldOnlyWhileExtended() {
    Labels ext = Labels.of("zone", "a");
    ExternalLabelOrder order = new ExternalLabelOrder(ext, false);
    order.add(series(ext, "__name__", "up"));
    assertThat(order.readyCount()).isZero();
    order.add(series(ext, "__name__", "up", "job", "x"));
    order.add(series(ext, "__name__", "vp"));
    // {up, job=x, zone} < {up, zone}: the extension comes first; both released once "vp" extends neither.
    assertThat(order.drain(10)).extracting(s -> s.labels.get("job")).containsExactly("x", "");
  }

  private static BlockSeries series(Labels ext, String... kv) {
    Labels l = Labels.of(kv);
    return new BlockSeries(l, ext.mergedWith(l), new long[0]);
  }

  @Test
  void shardMatchesPrometheusHashmod() {
    // Prometheus relabel test: hashmod of "baz" modulo 1000 is 976.
    BlockMeta meta = new BlockMeta("01M6A6FT00N2FEGA5Z60KHNWW6", 0, 1, null, null, 1,
        BlockMeta.Thanos.of(Map.of("c", "baz"), 0, "test"));
    assertThat(DefaultBlockFilter.shardOf(meta.ulid(), meta, new BucketStoreConfig.Shard(0, 1000, List.of("c"))))
        .isEqualTo(976);
    BucketStoreConfig.Shard byId = new BucketStoreConfig.Shard(0, 2, List.of("__block_id"));
    int s = DefaultBlockFilter.shardOf(meta.ulid(), meta, byId);
    assertThat(s).isBetween(0, 1);
  }

  @Test
  void duplicatesAreBlocksCoveredByOnesWithMoreSources() {
    Map<String, BucketBlock> blocks = new TreeMap<>();
    blocks.put("A", block("A", List.of("A")));
    blocks.put("B", block("B", List.of("B")));
    blocks.put("C", block("C", List.of("A", "B")));
    blocks.put("D", block("D", List.of("D")));
    assertThat(DefaultBlockFilter.duplicates(blocks)).containsExactlyInAnyOrder("A", "B");
  }

  private static BucketBlock block(String id, List<String> sources) {
    return new BucketBlock(new BlockMeta(id, 0, 1, null,
        new BlockMeta.Compaction(sources.size(), sources, null, false, false, null), 1,
        BlockMeta.Thanos.of(Map.of("c", "1"), 0, "test")), null);
  }
}
