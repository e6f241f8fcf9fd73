package io.strata.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.model.Ulid;
import io.strata.model.Utf8Order;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.querier.BlockChunkSeriesSet;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockRoundTripTest {
  @TempDir Path tmp;

  private static final long T0 = 1_700_000_000_000L;

  static double value(int series, int sample) {
    return series % 3 == 0 ? sample * 1.5 : Math.sin(series + sample) * 1e3;
  }

  /** Writes {@code n} series, each with 15s samples over 3h. */
  private BlockMeta writeBlock(int n, long segmentSize) throws Exception {
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      series.add(Labels.of("__name__", "metric_" + (i % 5), "idx", String.format("%05d", i)));
    }
    series.sort(null);
    TreeSet<String> syms = new TreeSet<>(Utf8Order.COMPARATOR);
    series.forEach(l -> l.forEach((k, v) -> {
      syms.add(k);
      syms.add(v);
    }));
    try (BlockWriter w = new BlockWriter(tmp, Ulid.generate(T0), segmentSize)) {
      w.addSymbols(syms.iterator());
      for (Labels l : series) {
        int idx = Integer.parseInt(l.get("idx"));
        ChunkCutter cutter = new ChunkCutter(2 * 3600_000L);
        for (int s = 0; s < 720; s++) {
          cutter.append(T0 + s * 15_000L, value(idx, s));
        }
        w.addSeries(l, cutter.finish());
      }
      return w.finish(BlockMeta.Thanos.of(Map.of("cluster", "eu1"), 0, "test"));
    }
  }

  @Test
  void writtenBlockReadsBackSampleForSample() throws Exception {
    BlockMeta meta = writeBlock(300, 64 * 1024);
    assertThat(meta.minTime()).isEqualTo(T0);
    assertThat(meta.maxTime()).isEqualTo(T0 + 719 * 15_000L + 1);
    assertThat(meta.stats().numSeries()).isEqualTo(300);
    assertThat(meta.stats().numSamples()).isEqualTo(300 * 720);
    Path dir = tmp.resolve(meta.ulid());
    assertThat(dir.resolve("chunks/000002")).exists(); // small segments force several files
    assertThat(Files.size(dir.resolve("tombstones"))).isEqualTo(9);
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.toString().contains(".tmp"))).isEmpty();
    }

    try (LocalBlock b = LocalBlock.open(dir, true)) {
      assertThat(b.meta()).isEqualTo(meta);
      BlockChunkSeriesSet set = new BlockChunkSeriesSet(b, List.of(LabelMatcher.equal("__name__", "metric_3")),
          Long.MIN_VALUE, Long.MAX_VALUE, false);
      SeriesSampleIterator it = new SeriesSampleIterator(Long.MIN_VALUE, Long.MAX_VALUE);
      int seen = 0;
      Labels prev = null;
      while (set.next()) {
        Labels l = set.labels();
        assertThat(l.get("__name__")).isEqualTo("metric_3");
        if (prev != null) {
          assertThat(prev.compareTo(l)).isNegative();
        }
        prev = l;
        int idx = Integer.parseInt(l.get("idx"));
        // 720 samples at 15s over 3h: chunks never cross 2h boundaries and hold ~120 samples.
        for (Chunk c : set.chunks()) {
          assertThat(c.maxTime() / 7_200_000L).isEqualTo(c.minTime() / 7_200_000L);
        }
        it.reset(set.chunks(), set.deleted());
        int s = 0;
        while (it.next() == ValueType.FLOAT) {
          assertThat(it.atT()).isEqualTo(T0 + s * 15_000L);
          assertThat(it.atValue()).isEqualTo(value(idx, s));
          s++;
        }
        assertThat(s).isEqualTo(720);
        seen++;
      }
      assertThat(seen).isEqualTo(60);
    }
  }

  @Test
  void timeRangeSelectionClipsSamples() throws Exception {
    BlockMeta meta = writeBlock(10, 1 << 20);
    try (LocalBlock b = LocalBlock.open(tmp.resolve(meta.ulid()))) {
      long from = T0 + 100 * 15_000L + 1;
      long to = T0 + 200 * 15_000L;
      BlockChunkSeriesSet set = new BlockChunkSeriesSet(b, List.of(LabelMatcher.equal("idx", "00001")), from, to, false);
      assertThat(set.next()).isTrue();
      SeriesSampleIterator it = new SeriesSampleIterator(from, to).reset(set.chunks(), set.deleted());
      List<Long> ts = new ArrayList<>();
      while (it.next() == ValueType.FLOAT) {
        ts.add(it.atT());
      }
      assertThat(ts).hasSize(100).first().isEqualTo(T0 + 101 * 15_000L);
      assertThat(ts).last().isEqualTo(to);
      assertThat(set.next()).isFalse();
      SeriesSampleIterator seeker = new SeriesSampleIterator(Long.MIN_VALUE, Long.MAX_VALUE).reset(set.chunks(), List.of());
      assertThat(seeker.seek(T0 + 150 * 15_000L - 1)).isEqualTo(ValueType.FLOAT);
      assertThat(seeker.atT()).isEqualTo(T0 + 150 * 15_000L);
      assertThat(seeker.seek(T0)).isEqualTo(ValueType.FLOAT);
      assertThat(seeker.atT()).isEqualTo(T0 + 150 * 15_000L);
    }
  }

  @Test
  void abandonedWriteLeavesNothingBehind() throws Exception {
    try (BlockWriter w = new BlockWriter(tmp)) {
      w.addSymbols(List.of("a", "b").iterator());
      ChunkCutter c = new ChunkCutter(7_200_000L);
      c.append(1, 1);
      w.addSeries(Labels.of("a", "b"), c.finish());
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void corruptFilesAreReportedByName() throws Exception {
    BlockMeta meta = writeBlock(20, 1 << 20);
    Path dir = tmp.resolve(meta.ulid());
    byte[] index = Files.readAllBytes(dir.resolve("index"));
    index[0] = 0;
    Files.write(dir.resolve("index"), index);
    assertThatThrownBy(() -> LocalBlock.open(dir)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(dir.resolve("index").toString()).hasMessageContaining("wrong magic");

    BlockMeta meta2 = writeBlock(20, 1 << 20);
    Path dir2 = tmp.resolve(meta2.ulid());
    byte[] seg = Files.readAllBytes(dir2.resolve("chunks/000001"));
    seg[seg.length / 2] ^= 0x01;
    Files.write(dir2.resolve("chunks/000001"), seg);
    try (LocalBlock b = LocalBlock.open(dir2, true)) {
      BlockChunkSeriesSet set = new BlockChunkSeriesSet(b, List.of(), Long.MIN_VALUE, Long.MAX_VALUE, false);
      assertThatThrownBy(() -> {
        while (set.next()) {
          // read every chunk
        }
      }).isInstanceOf(CorruptBlockException.class).hasMessageContaining("000001").hasMessageContaining("CRC32C mismatch");
    }

    Files.writeString(dir2.resolve("meta.json"), Files.readString(dir2.resolve("meta.json"))
        .replace(meta2.ulid(), "01XYZNOTAULID000000000000I"));
    assertThatThrownBy(() -> LocalBlock.open(dir2)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("meta.json").hasMessageContaining("invalid ULID");
  }
}
