package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkEncodingTest {

  @Test
  void bytesArePrometheusNumbers() {
    assertThat(ChunkEncoding.NONE.code()).isZero();
    assertThat(ChunkEncoding.XOR.code()).isEqualTo(1);
    assertThat(ChunkEncoding.HISTOGRAM.code()).isEqualTo(2);
    assertThat(ChunkEncoding.FLOAT_HISTOGRAM.code()).isEqualTo(3);
    assertThat(ChunkEncoding.XOR2.code()).isEqualTo(4);
    assertThat(ChunkEncoding.HISTOGRAM_ST.code()).isEqualTo(5);
    assertThat(ChunkEncoding.FLOAT_HISTOGRAM_ST.code()).isEqualTo(6);
    assertThat(ChunkEncoding.THANOS_AGGR.toByte()).isEqualTo((byte) 0xFF);
  }

  @Test
  void lookupRoundTripsAndRejectsUnknownBytes() {
    for (ChunkEncoding e : ChunkEncoding.values()) {
      assertThat(ChunkEncoding.fromByte(e.toByte())).isSameAs(e);
      assertThat(ChunkEncoding.lookup(e.code())).isSameAs(e);
    }
    assertThat(ChunkEncoding.lookup(7)).isNull();
    assertThatThrownBy(() -> ChunkEncoding.fromByte((byte) 0x80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x80");
  }
}
