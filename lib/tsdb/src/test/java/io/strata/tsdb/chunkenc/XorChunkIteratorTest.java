package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XorChunkIteratorTest {

  @Test
  void randomSeriesRoundTrip() {
    SplittableRandom r = new SplittableRandom(42);
    XorChunkIterator it = new XorChunkIterator();
    for (int round = 0; round < 400; round++) {
      int n = round % 10 == 0 ? 1 : 1 + r.nextInt(round % 3 == 0 ? 2000 : 130);
      TestSeries s = TestSeries.random(r, n);
      byte[] bytes = s.encode();

      it.reset(bytes, 0, bytes.length);
      assertThat(it.numSamples()).isEqualTo(n);
      for (int i = 0; i < n; i++) {
        assertThat(it.next()).as("round %d sample %d", round, i).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).as("round %d sample %d", round, i).isEqualTo(s.t()[i]);
        assertThat(it.atValueBits()).as("round %d sample %d", round, i).isEqualTo(s.v()[i]);
      }
      assertThat(it.next()).isEqualTo(ValueType.NONE);
      assertThat(it.next()).isEqualTo(ValueType.NONE);
      assertThat(it.bitPosition()).isGreaterThan(8L * bytes.length - 8).isLessThanOrEqualTo(8L * bytes.length);
    }
  }

  @Test
  void atValueReturnsTheDouble() {
    XorChunkEncoder e = new XorChunkEncoder();
    e.append(1, 0.1);
    e.append(2, -2.5e300);
    XorChunkIterator it = new XorChunkIterator(e.bytes());
    it.next();
    assertThat(it.atValue()).isEqualTo(0.1);
    it.next();
    assertThat(it.atValue()).isEqualTo(-2.5e300);
  }

  @Test
  void emptyChunkHasNoSamples() {
    XorChunkIterator it = new XorChunkIterator(new byte[] {0, 0});
    assertThat(it.next()).isEqualTo(ValueType.NONE);
    assertThat(it.seek(Long.MIN_VALUE)).isEqualTo(ValueType.NONE);
    assertThat(new XorChunkIterator().next()).isEqualTo(ValueType.NONE);
  }

  private static XorChunkIterator tenSamples() {
    XorChunkEncoder e = new XorChunkEncoder();
    for (int i = 1; i <= 10; i++) {
      e.append(i * 100L, i);
    }
    return new XorChunkIterator(e.bytes());
  }

  @Test
  void seekFindsTheFirstSampleAtOrAfterTheTarget() {
    XorChunkIterator it = tenSamples();
    assertThat(it.seek(Long.MIN_VALUE)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(100);

    assertThat(it.seek(350)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(400);
    assertThat(it.seek(400)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(400);
    assertThat(it.seek(401)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(500);
  }

  @Test
  void seekNeverMovesBackwards() {
    XorChunkIterator it = tenSamples();
    it.seek(700);
    assertThat(it.seek(200)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(700);
    assertThat(it.atValue()).isEqualTo(7.0);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(800);
  }

  @Test
  void seekPastTheEndExhaustsTheIterator() {
    XorChunkIterator it = tenSamples();
    assertThat(it.seek(1000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(1000);
    assertThat(it.seek(1001)).isEqualTo(ValueType.NONE);
    assertThat(it.seek(0)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);

    XorChunkIterator fresh = tenSamples();
    assertThat(fresh.seek(5000)).isEqualTo(ValueType.NONE);
  }

  @Test
  void resetRepositionsOnASliceOfALargerArray() {
    SplittableRandom r = new SplittableRandom(9);
    TestSeries a = TestSeries.random(r, 120);
    TestSeries b = TestSeries.random(r, 77);
    byte[] aBytes = a.encode();
    byte[] bBytes = b.encode();
    // Garbage around the slice must not be read, in particular not after its end.
    byte[] page = new byte[aBytes.length + bBytes.length + 40];
    Arrays.fill(page, (byte) 0xFF);
    System.arraycopy(aBytes, 0, page, 13, aBytes.length);
    System.arraycopy(bBytes, 0, page, 13 + aBytes.length, bBytes.length);

    XorChunkIterator it = new XorChunkIterator();
    it.reset(page, 13, aBytes.length);
    it.seek(a.t()[60]);
    it.reset(page, 13 + aBytes.length, bBytes.length);
    for (int i = 0; i < b.size(); i++) {
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(b.t()[i]);
      assertThat(it.atValueBits()).isEqualTo(b.v()[i]);
    }
    assertThat(it.next()).isEqualTo(ValueType.NONE);
    TestSeries again = TestSeries.decode(page, 13, aBytes.length);
    assertThat(again.t()).containsExactly(a.t());
    assertThat(again.v()).containsExactly(a.v());
  }

  @Test
  void everyTruncationIsReportedAsCorrupt() {
    SplittableRandom r = new SplittableRandom(21);
    XorChunkIterator it = new XorChunkIterator();
    for (int round = 0; round < 40; round++) {
      TestSeries s = TestSeries.random(r, 1 + r.nextInt(150));
      byte[] bytes = s.encode();
      for (int len = 0; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        int limit = len;
        assertThatThrownBy(() -> drain(it, cut, limit))
            .as("round %d truncated to %d of %d bytes", round, len, bytes.length)
            .isInstanceOf(CorruptChunkException.class)
            .hasMessageContaining("chunk");
        if (len >= 2) {
          assertThat(it.next()).as("iterator is exhausted after the error").isEqualTo(ValueType.NONE);
        }
      }
    }
  }

  @Test
  void truncationReportsTheChunkLengthAsOffset() {
    byte[] bytes = Arrays.copyOf(new TestSeries(new long[] {1, 2, 3}, new long[] {1, 2, 3}).encode(), 12);
    assertThatThrownBy(() -> drain(new XorChunkIterator(), bytes, bytes.length))
        .isInstanceOfSatisfying(CorruptChunkException.class, e -> assertThat(e.byteOffset()).isEqualTo(12))
        .hasMessageContaining("truncated");
  }

  @Test
  void randomCorruptionDecodesOrFailsCleanly() {
    SplittableRandom r = new SplittableRandom(33);
    XorChunkIterator it = new XorChunkIterator();
    for (int round = 0; round < 3000; round++) {
      byte[] bytes = TestSeries.random(r, 1 + r.nextInt(150)).encode();
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
      }
      try {
        int n = drain(it, bytes, bytes.length);
        assertThat(n).isEqualTo(XorChunk.numSamples(bytes));
      } catch (CorruptChunkException expected) {
        assertThat(expected.byteOffset()).isBetween(0L, (long) bytes.length);
      }
    }
  }

  @Test
  void impossibleValueWindowIsCorrupt() {
    BitWriter w = new BitWriter();
    w.writeBits(2, 16);
    w.writeVarint(0);
    w.writeBits(0, 64);
    w.writeUvarint(1);
    w.writeBits(0b11, 2);
    w.writeBits(31, 5);
    w.writeBits(40, 6);
    w.writeBits(0, 40);
    byte[] bytes = w.toByteArray();
    assertThatThrownBy(() -> drain(new XorChunkIterator(), bytes, bytes.length))
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("31 leading zeros and 40 significant bits");
  }

  @Test
  void overlongVarintIsCorrupt() {
    byte[] bytes = new byte[20];
    bytes[1] = 1;
    Arrays.fill(bytes, 2, 20, (byte) 0xFF);
    assertThatThrownBy(() -> drain(new XorChunkIterator(), bytes, bytes.length))
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("varint");
  }

  @Test
  void chunkShorterThanItsHeaderIsCorrupt() {
    assertThatThrownBy(() -> new XorChunkIterator().reset(new byte[] {0}, 0, 1))
        .isInstanceOf(CorruptChunkException.class);
    assertThatThrownBy(() -> XorChunk.numSamples(new byte[0])).isInstanceOf(CorruptChunkException.class);
  }

  private static int drain(XorChunkIterator it, byte[] data, int length) {
    it.reset(data, 0, length);
    int n = 0;
    while (it.next() != ValueType.NONE) {
      n++;
    }
    return n;
  }
}
