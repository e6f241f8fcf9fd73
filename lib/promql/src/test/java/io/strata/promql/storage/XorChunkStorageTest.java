package io.strata.promql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import io.strata.tsdb.chunkenc.SampleIterator;
import io.strata.tsdb.chunkenc.ValueType;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** XOR-chunked series read back exactly like the arrays they were built from, under next() and seek(). */
class XorChunkStorageTest {
  @Test
  void iteratorsAgreeWithArraysUnderRandomSeeksAndNexts() {
    Random r = new Random(42);
    InMemoryStorage mem = new InMemoryStorage();
    for (int s = 0; s < 20; s++) {
      long t = r.nextInt(1000);
      int n = r.nextInt(600);
      for (int i = 0; i < n; i++) {
        double v = r.nextInt(10) == 0 ? Double.longBitsToDouble(0x7ff0000000000002L) : r.nextGaussian();
        mem.append(Labels.of("s", Integer.toString(s)), t, v);
        t += 1 + r.nextInt(30_000);
      }
    }
    XorChunkStorage xor = XorChunkStorage.of(mem);
    SeriesSet a = mem.querier(0, 0).select(true, null);
    SeriesSet b = xor.querier(0, 0).select(true, null);
    while (a.next()) {
      assertThat(b.next()).isTrue();
      assertThat(b.at().labels()).isEqualTo(a.at().labels());
      SampleIterator ia = a.at().iterator(null);
      SampleIterator ib = b.at().iterator(null);
      long target = 0;
      while (true) {
        ValueType va;
        ValueType vb;
        if (r.nextBoolean()) {
          target += r.nextInt(200_000);
          va = ia.seek(target);
          vb = ib.seek(target);
        } else {
          va = ia.next();
          vb = ib.next();
        }
        assertThat(vb).isEqualTo(va);
        if (va == ValueType.NONE) {
          break;
        }
        assertThat(ib.atT()).isEqualTo(ia.atT());
        assertThat(Double.doubleToRawLongBits(ib.atValue())).isEqualTo(Double.doubleToRawLongBits(ia.atValue()));
      }
    }
    assertThat(b.next()).isFalse();
  }
}
