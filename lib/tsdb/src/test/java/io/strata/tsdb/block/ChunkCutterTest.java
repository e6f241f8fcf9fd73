package io.strata.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tsdb.chunkenc.XorChunk;
import io.strata.tsdb.chunks.Chunk;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCutterTest {
  static final long H2 = 7_200_000L;

  @Test
  void fifteenSecondScrapesGiveTheSameChunksAsPrometheus() {
    // 2h of 15s samples starting on a range boundary: 480 samples. After 30 samples Prometheus predicts
    // n = 7200000 / ((435000 + 1) * 4) = 4 chunks, so every chunk spans 30 minutes = 120 samples.
    ChunkCutter c = new ChunkCutter(H2);
    for (int i = 0; i < 480; i++) {
      c.append(i * 15_000L, i);
    }
    List<Chunk> chunks = c.finish();
    assertThat(chunks).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(XorChunk.numSamples(chunks.get(i).data())).isEqualTo(120);
      assertThat(chunks.get(i).minTime()).isEqualTo(i * 1_800_000L);
    }
  }

  @Test
  void neverCrossesTheChunkRange() {
    ChunkCutter c = new ChunkCutter(H2);
    for (long t = H2 - 60_000; t < H2 + 60_000; t += 10_000) {
      c.append(t, 1);
    }
    List<Chunk> chunks = c.finish();
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(0).maxTime()).isLessThan(H2);
    assertThat(chunks.get(1).minTime()).isEqualTo(H2);
  }

  @Test
  void cutsLargeChunksByBytesAndDenseOnesAt240() {
    ChunkCutter c = new ChunkCutter(H2);
    Random r = new Random(1);
    for (int i = 0; i < 1000; i++) {
      c.append(i, r.nextDouble());
    }
    for (Chunk ch : c.finish()) {
      assertThat(ch.data().length).isLessThanOrEqualTo(1024);
      assertThat(XorChunk.numSamples(ch.data())).isLessThanOrEqualTo(240);
    }
  }

  @Test
  void reportsDuplicatesAndOutOfOrder() {
    ChunkCutter c = new ChunkCutter(H2);
    assertThat(c.append(10, 1)).isEqualTo(ChunkCutter.Result.APPENDED);
    assertThat(c.append(10, 1)).isEqualTo(ChunkCutter.Result.DUPLICATE);
    assertThat(c.append(10, 2)).isEqualTo(ChunkCutter.Result.DUPLICATE_DIFFERENT_VALUE);
    assertThat(c.append(5, 2)).isEqualTo(ChunkCutter.Result.OUT_OF_ORDER);
    assertThat(c.samples()).isEqualTo(1);
  }
}
