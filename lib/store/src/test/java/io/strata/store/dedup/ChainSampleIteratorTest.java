package io.strata.store.dedup;

import static io.strata.store.dedup.Samples.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainSampleIteratorTest {
  @Test
  void mergesByTimestampEmittingSharedTimestampsOnce() {
    SampleIterator it = new ChainSampleIterator(Samples.iterators(List.of(
        of(0, 1, 10, 1, 20, 1), of(10, 2, 15, 2, 30, 2), of(), of(20, 3, 40, 3))));
    assertThat(Samples.drain(it)).isEqualTo(of(0, 1, 10, 1, 15, 2, 20, 1, 30, 2, 40, 3));
  }

  @Test
  void identicalReplicasGiveOneCopy() {
    SampleIterator it = new ChainSampleIterator(Samples.iterators(List.of(of(1, 1, 2, 2), of(1, 1, 2, 2))));
    assertThat(Samples.drain(it)).isEqualTo(of(1, 1, 2, 2));
  }

  @Test
  void seekMovesEveryReplicaAndNeverBackwards() {
    SampleIterator it = new ChainSampleIterator(Samples.iterators(List.of(of(0, 1, 10, 1, 20, 1), of(5, 2, 25, 2))));
    assertThat(it.seek(6)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(10);
    assertThat(it.seek(3)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(10);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(20);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(25);
    assertThat(it.atValue()).isEqualTo(2);
    assertThat(it.seek(26)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }
}
