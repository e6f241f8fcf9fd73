package io.strata.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tsdb.block.Tombstones;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunkenc.XorChunkIterator;
import io.strata.tsdb.chunks.Chunk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletedSamplesTest {
  static Chunk chunk(long from, long to) {
    XorChunkEncoder enc = new XorChunkEncoder();
    for (long t = from; t <= to; t += 10) {
      enc.append(t, t * 0.5);
    }
    return new Chunk(from, to, ChunkEncoding.XOR.code(), enc.bytes());
  }

  static List<Long> times(List<Chunk> chunks) {
    List<Long> out = new ArrayList<>();
    for (Chunk c : chunks) {
      XorChunkIterator it = new XorChunkIterator(c.data());
      while (it.next() != ValueType.NONE) {
        assertThat(it.atValue()).isEqualTo(it.atT() * 0.5);
        out.add(it.atT());
      }
    }
    return out;
  }

  @Test
  void deletedSamplesAreCutOutAndUntouchedChunksKept() {
    Chunk a = chunk(0, 50);
    Chunk b = chunk(60, 100);
    Chunk c = chunk(110, 150);
    List<Chunk> out = DeletedSamples.apply(List.of(a, b, c),
        List.of(new Tombstones.Interval(20, 30), new Tombstones.Interval(55, 105)));
    assertThat(out).hasSize(2);
    assertThat(out.get(0).minTime()).isZero();
    assertThat(out.get(0).maxTime()).isEqualTo(50);
    assertThat(out.get(1)).isSameAs(c);
    assertThat(times(out)).containsExactly(0L, 10L, 40L, 50L, 110L, 120L, 130L, 140L, 150L);
  }

  @Test
  void boundsShrinkToTheRemainingSamples() {
    List<Chunk> out = DeletedSamples.apply(List.of(chunk(0, 50)), List.of(new Tombstones.Interval(-5, 10),
        new Tombstones.Interval(45, 60)));
    assertThat(out.get(0).minTime()).isEqualTo(20);
    assertThat(out.get(0).maxTime()).isEqualTo(40);
    assertThat(DeletedSamples.apply(List.of(chunk(0, 50)), List.of())).hasSize(1);
  }
}
