package io.strata.store.tsdb;

import static io.strata.store.AcceptanceData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.StoreTestSupport;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockReader;
import io.strata.tsdb.block.BlockWriter;
import io.strata.tsdb.block.LocalBlock;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.chunks.ChunkSegments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbStoreTest {
  @TempDir Path dir;
  private final List<LocalBlock> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (LocalBlock b : open) {
      b.close();
    }
  }

  private LocalBlock block(List<TestSeries> data, Labels ext) throws Exception {
    LocalBlock b = LocalBlock.open(TestBlocks.writeBlock(dir, data, ext));
    open.add(b);
    return b;
  }

  private static TestSeries series(long start, String... labels) {
    return TestSeries.of(Labels.of(labels), start, 15_000, 10, t -> 1);
  }

  private static SeriesRequest request(LabelMatcher... ms) {
    return SeriesRequest.newBuilder().setMinTime(Long.MIN_VALUE).setMaxTime(Long.MAX_VALUE)
        .addAllMatchers(ProtoConversions.toProto(List.of(ms))).build();
  }

  @Test
  void blocksOfSeveralStreamsAreServedTogether() throws Exception {
    LocalBlock eu = block(List.of(series(T0, "__name__", "up", "job", "a")), Labels.of("region", "eu"));
    LocalBlock us = block(List.of(series(T0, "__name__", "up", "job", "a")), Labels.of("region", "us"));
    TsdbStore store = new TsdbStore(List.of(us, eu));
    StoreInfo info = store.info();
    assertThat(info.labelSets()).containsExactly(Labels.of("region", "eu"), Labels.of("region", "us"));
    assertThat(info.minTime()).isEqualTo(T0);
    assertThat(info.maxTime()).isEqualTo(T0 + 9 * 15_000);
    assertThat(StoreTestSupport.drain(store, request(LabelMatcher.equal("__name__", "up"))).labels()).containsExactly(
        Labels.of("__name__", "up", "job", "a", "region", "eu"), Labels.of("__name__", "up", "job", "a", "region", "us"));
    assertThat(StoreTestSupport.drain(store, request(LabelMatcher.equal("region", "us"), LabelMatcher.equal("job", "a")))
        .labels()).containsExactly(Labels.of("__name__", "up", "job", "a", "region", "us"));
  }

  @Test
  void theBlockListIsReadOnEveryCall() throws Exception {
    List<BlockReader> blocks = new CopyOnWriteArrayList<>();
    TsdbStore store = new TsdbStore(() -> blocks, "receive");
    assertThat(store.info().labelSets()).isEmpty();
    assertThat(store.info().minTime()).as("no blocks: an empty range").isGreaterThan(store.info().maxTime());
    assertThat(store.info().overlaps(T0, T0 + 1000)).isFalse();
    blocks.add(block(List.of(series(T0, "a", "1")), Labels.of("tenant_id", "t1")));
    assertThat(StoreTestSupport.drain(store, request(LabelMatcher.equal("a", "1"))).series()).hasSize(1);
    assertThat(store.info().componentType()).isEqualTo("receive");
  }

  @Test
  void downsampledBlocksAreNotServed() throws Exception {
    LocalBlock raw = block(List.of(series(T0, "a", "1")), Labels.EMPTY);
    Path down;
    try (BlockWriter w = new BlockWriter(dir, Ulid.generate(T0), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(List.of("1", "a", "b").iterator());
      w.addSeries(Labels.of("b", "1"), List.of(DeletedSamplesTest.chunk(T0, T0 + 100)));
      down = dir.resolve(w.finish(BlockMeta.Thanos.of(Map.of(), 300_000, "test")).ulid());
    }
    LocalBlock downsampled = LocalBlock.open(down);
    open.add(downsampled);
    TsdbStore store = new TsdbStore(List.of(raw, downsampled));
    assertThat(StoreTestSupport.drain(store, request(LabelMatcher.regex("a", ".*"))).labels())
        .containsExactly(Labels.of("a", "1"));
  }

  @Test
  void chunksOtherThanXorFailTheStreamClearly() throws Exception {
    Path p;
    try (BlockWriter w = new BlockWriter(dir, Ulid.generate(T0), ChunkSegments.DEFAULT_SEGMENT_SIZE)) {
      w.addSymbols(List.of("1", "h").iterator());
      w.addSeries(Labels.of("h", "1"), List.of(new Chunk(T0, T0 + 10, ChunkEncoding.HISTOGRAM.code(), new byte[] {0, 1, 0})));
      p = dir.resolve(w.finish(BlockMeta.Thanos.of(Map.of(), 0, "test")).ulid());
    }
    LocalBlock b = LocalBlock.open(p);
    open.add(b);
    TsdbStore store = new TsdbStore(List.of(b));
    assertThatThrownBy(() -> StoreTestSupport.drain(store, request(LabelMatcher.equal("h", "1"))))
        .isInstanceOf(StoreException.class).hasMessageContaining("HISTOGRAM")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.INTERNAL);
  }
}
