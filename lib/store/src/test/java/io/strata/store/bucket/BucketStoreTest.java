package io.strata.store.bucket;

import static io.strata.store.bucket.Requests.drain;
import static io.strata.store.bucket.Requests.eq;
import static io.strata.store.bucket.Requests.neq;
import static io.strata.store.bucket.Requests.nre;
import static io.strata.store.bucket.Requests.re;
import static io.strata.store.bucket.Requests.series;
import static io.strata.store.bucket.TestBlocks.HOUR;
import static io.strata.store.bucket.TestBlocks.STEP;
import static io.strata.store.bucket.TestBlocks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.model.Labels;
import io.strata.objstore.InMemoryBucket;
import io.strata.proto.thanos.LabelNamesRequest;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.hints.SeriesRequestHints;
import io.strata.proto.thanos.hints.SeriesResponseHints;
import io.strata.store.StoreInfo;
import io.strata.tsdb.block.BlockMeta;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Series, label and info queries over two streams: {@code cluster="a"} with two adjacent 2h blocks of 50 {@code up}
 * and 10 {@code requests} series, {@code cluster="b"} with one block of 20 {@code up} series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BucketStoreTest {
  @TempDir static Path tmp;
  CountingBucket bucket;
  BlockSyncer syncer;
  BucketStore store;
  BlockMeta a1;
  BlockMeta a2;
  BlockMeta b1;

  @BeforeAll
  void setUp() throws Exception {
    InMemoryBucket mem = new InMemoryBucket();
    TestBlocks blocks = new TestBlocks(tmp);
    List<TestBlocks.TestSeries> as = new ArrayList<>(TestBlocks.series("up", 50, "job", "api"));
    as.addAll(TestBlocks.series("requests", 10, "job", "api"));
    a1 = blocks.raw(mem, Map.of("cluster", "a"), T0, T0 + 2 * HOUR, as);
    a2 = blocks.raw(mem, Map.of("cluster", "a"), T0 + 2 * HOUR, T0 + 4 * HOUR, as);
    b1 = blocks.raw(mem, Map.of("cluster", "b"), T0, T0 + 2 * HOUR, TestBlocks.series("up", 20, "job", "web"));
    bucket = new CountingBucket(mem);
    BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("data")).seriesBatchSize(7).build();
    syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), TestBlocks.CLOCK);
    syncer.sync();
    store = new BucketStore(syncer, new InMemoryIndexCache(64 << 20, new SimpleMeterRegistry()), cfg,
        new SimpleMeterRegistry(), TestBlocks.CLOCK);
  }

  @AfterAll
  void tearDown() {
    store.close();
    syncer.close();
  }

  private List<Series> query(long mint, long maxt, io.strata.proto.thanos.LabelMatcher... ms) {
    return TestBlocks.seriesOf(drain(store, series(mint, maxt, ms).build()));
  }

  private static List<Labels> labelsOf(List<Series> ss) {
    return ss.stream().map(TestBlocks::labels).toList();
  }

  @Test
  void mergesTheBlocksOfAStreamIntoWholeSeriesInLabelOrderWithExternalLabels() {
    List<Series> got = query(T0, T0 + 4 * HOUR, eq("__name__", "up"));
    assertThat(got).hasSize(70);
    List<Labels> ls = labelsOf(got);
    assertThat(ls).isSorted();
    assertThat(ls.get(0)).isEqualTo(Labels.of("__name__", "up", "cluster", "a", "i", "0000", "job", "api"));
    assertThat(ls.get(69)).isEqualTo(Labels.of("__name__", "up", "cluster", "b", "i", "0019", "job", "web"));
    for (Series s : got) {
      Labels l = TestBlocks.labels(s);
      int i = Integer.parseInt(l.get("i"));
      long end = l.get("cluster").equals("a") ? T0 + 4 * HOUR : T0 + 2 * HOUR;
      TreeMap<Long, Double> samples = TestBlocks.samples(s);
      assertThat(samples).hasSize((int) ((end - T0) / STEP));
      samples.forEach((t, v) -> assertThat(v).isEqualTo(TestBlocks.valueOf(i, t)));
      for (int k = 1; k < s.getChunksCount(); k++) {
        assertThat(s.getChunks(k).getMinTime()).isGreaterThan(s.getChunks(k - 1).getMaxTime());
      }
      assertThat(s.getChunks(0).getRaw().getType()).isEqualTo(io.strata.proto.thanos.Chunk.Encoding.XOR);
    }
  }

  @Test
  void externalLabelMatchersChooseStreamsAndAreNotLookedUpInTheIndex() {
    assertThat(query(T0, T0 + 4 * HOUR, eq("cluster", "b"))).hasSize(20);
    assertThat(query(T0, T0 + 4 * HOUR, re("cluster", "a|b"), eq("__name__", "up"))).hasSize(70);
    assertThat(query(T0, T0 + 4 * HOUR, neq("cluster", "a"), eq("__name__", "up"))).hasSize(20);
    assertThat(query(T0, T0 + 4 * HOUR, eq("cluster", "c"))).isEmpty();
    // Only external-label matchers: every series of the stream.
    assertThat(query(T0, T0 + 4 * HOUR, eq("cluster", "a"))).hasSize(60);
  }

  @Test
  void regexAndNegativeMatchersFollowPrometheusSemantics() {
    assertThat(labelsOf(query(T0, T0 + 4 * HOUR, eq("__name__", "up"), re("i", "000[0-4]"), neq("i", "0001"),
        eq("cluster", "a"))).stream().map(l -> l.get("i")).toList())
        .containsExactly("0000", "0002", "0003", "0004");
    assertThat(query(T0, T0 + 4 * HOUR, eq("__name__", "requests"), nre("i", "000[0-8]"))).hasSize(1);
    assertThat(query(T0, T0 + 4 * HOUR, eq("job", ""))).isEmpty();
    assertThat(query(T0, T0 + 4 * HOUR, eq("__name__", "up"), eq("missing", ""))).hasSize(70);
    assertThat(query(T0, T0 + 4 * HOUR, eq("__name__", "nope"))).isEmpty();
  }

  @Test
  void prunesBlocksAndChunksOutsideTheTimeRange() {
    bucket.clear();
    List<Series> got = query(T0 + 2 * HOUR + 1000, T0 + 3 * HOUR, eq("__name__", "up"), eq("cluster", "a"));
    assertThat(got).hasSize(50);
    for (Series s : got) {
      assertThat(s.getChunks(0).getMaxTime()).isGreaterThanOrEqualTo(T0 + 2 * HOUR + 1000);
      assertThat(s.getChunks(s.getChunksCount() - 1).getMinTime()).isLessThanOrEqualTo(T0 + 3 * HOUR);
    }
    assertThat(bucket.reads).noneMatch(r -> r.name().startsWith(a1.ulid()) || r.name().startsWith(b1.ulid()));
    assertThat(query(T0 + 10 * HOUR, T0 + 11 * HOUR, eq("__name__", "up"))).isEmpty();
  }

  @Test
  void skipChunksReturnsLabelsOfSeriesWithDataInRange() {
    List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + HOUR, eq("__name__", "requests"))
        .setSkipChunks(true).build()));
    assertThat(got).hasSize(10).allMatch(s -> s.getChunksCount() == 0);
  }

  @Test
  void honoursTheRequestLimitAndSendsOneSeriesPerFrame() {
    List<SeriesResponse> limited = drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up")).setLimit(5).build());
    assertThat(limited).hasSize(5).allMatch(SeriesResponse::hasSeries);
    List<SeriesResponse> all = drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up"))
        .setResponseBatchSize(32).build());
    assertThat(all).hasSize(70).allMatch(SeriesResponse::hasSeries);
  }

  @Test
  void closeFromAnotherThreadCancelsABlockedCall() throws Exception {
    var it = store.series(series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build());
    it.next();
    it.close();
    it.close();
    assertThat(it.hasNext()).isFalse();
    var it2 = store.series(series(T0, T0 + 4 * HOUR, re("__name__", ".+")).build());
    Thread closer = Thread.ofVirtual().start(it2::close);
    closer.join();
    try {
      while (it2.hasNext()) {
        it2.next();
      }
    } catch (io.strata.store.StoreException e) {
      assertThat(e.code()).isEqualTo(io.strata.store.StoreException.Code.CANCELLED);
    }
    assertThat(query(T0, T0 + 4 * HOUR, eq("__name__", "up"))).hasSize(70);
  }

  @Test
  void blockMatchersInHintsRestrictBlocksAndTheQueriedBlocksComeBack() throws Exception {
    SeriesRequestHints hints = SeriesRequestHints.newBuilder().addBlockMatchers(eq("__block_id", a2.ulid())).build();
    List<SeriesResponse> rs = drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up"))
        .setHints(Any.pack(hints)).build());
    List<Series> got = TestBlocks.seriesOf(rs);
    assertThat(got).hasSize(50);
    assertThat(TestBlocks.samples(got.get(0)).firstKey()).isEqualTo(T0 + 2 * HOUR);
    SeriesResponse last = rs.get(rs.size() - 1);
    assertThat(last.hasHints()).isTrue();
    assertThat(last.getHints().unpack(SeriesResponseHints.class).getQueriedBlocksList())
        .extracting(b -> b.getId()).containsExactly(a2.ulid());
  }

  @Test
  void labelNamesAndValuesWithAndWithoutMatchers() {
    assertThat(store.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 4 * HOUR).build())
        .getNamesList()).containsExactly("__name__", "cluster", "i", "job");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("__name__").setStart(T0)
        .setEnd(T0 + 4 * HOUR).build()).getValuesList()).containsExactly("requests", "up");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("job").setStart(T0)
        .setEnd(T0 + 4 * HOUR).addMatchers(eq("cluster", "b")).build()).getValuesList()).containsExactly("web");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("i").setStart(T0).setEnd(T0 + 4 * HOUR)
        .addMatchers(eq("__name__", "requests")).build()).getValuesList()).hasSize(10).first().isEqualTo("0000");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("i").setStart(T0).setEnd(T0 + 4 * HOUR)
        .addMatchers(re("i", "001.")).build()).getValuesList()).hasSize(10);
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").setStart(T0)
        .setEnd(T0 + 4 * HOUR).addMatchers(eq("job", "web")).build()).getValuesList()).containsExactly("b");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").build()).getValuesList())
        .containsExactly("a", "b");
    assertThat(store.labelNames(LabelNamesRequest.newBuilder().setStart(T0).setEnd(T0 + 4 * HOUR)
        .addMatchers(eq("__name__", "nope")).build()).getNamesList()).isEmpty();
    assertThat(store.labelNames(LabelNamesRequest.newBuilder().setStart(T0 + 20 * HOUR).setEnd(T0 + 30 * HOUR)
        .build()).getNamesList()).isEmpty();
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("i").setLimit(3).build()).getValuesList())
        .containsExactly("0000", "0001", "0002");
  }

  @Test
  void withoutReplicaLabelsMergesStreamsThatDifferOnlyByThem() {
    List<Series> got = TestBlocks.seriesOf(drain(store, series(T0, T0 + 4 * HOUR, eq("__name__", "up"))
        .addWithoutReplicaLabels("cluster").build()));
    List<Labels> ls = labelsOf(got);
    assertThat(ls).hasSize(70).doesNotHaveDuplicates().isSorted().allMatch(l -> !l.has("cluster"));
    Series merged = got.get(0);
    assertThat(TestBlocks.labels(merged)).isEqualTo(Labels.of("__name__", "up", "i", "0000", "job", "api"));
    assertThat(store.labelNames(LabelNamesRequest.newBuilder().addWithoutReplicaLabels("cluster").build())
        .getNamesList()).containsExactly("__name__", "i", "job");
    assertThat(store.labelValues(LabelValuesRequest.newBuilder().setLabel("cluster").addWithoutReplicaLabels("cluster")
        .build()).getValuesList()).isEmpty();
  }

  @Test
  void infoReportsStreamsAndTimeRange() {
    StoreInfo info = store.info();
    assertThat(info.labelSets()).containsExactly(Labels.of("cluster", "a"), Labels.of("cluster", "b"));
    assertThat(info.minTime()).isEqualTo(T0);
    assertThat(info.maxTime()).isEqualTo(T0 + 4 * HOUR);
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
    assertThat(info.componentType()).isEqualTo("store");
  }

  @Test
  void closingEarlyReleasesTheSlotAndBlocks() {
    for (int i = 0; i < 50; i++) {
      try (var it = store.series(series(T0, T0 + 4 * HOUR, eq("__name__", "up")).build())) {
        assertThat(it.hasNext()).isTrue();
        it.next();
      }
    }
    assertThat(query(T0, T0 + 4 * HOUR, eq("__name__", "up"))).hasSize(70);
  }
}
