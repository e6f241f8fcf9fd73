package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkEncoderTest {

  @Test
  void workedExampleOfTheSpecMatchesByteForByte() {
    XorChunkEncoder e = new XorChunkEncoder();
    e.append(1000, 1.0);
    e.append(2000, 2.0);
    e.append(3000, 3.0);
    e.append(4000, 3.0);
    e.append(5015, 4.5);

    assertThat(HexFormat.of().formatHex(e.bytes()))
        .isEqualTo("0005" + "d00f" + "3ff0000000000000" + "e807" + "c25fff" + "6c06" + "4007eb1340");
    assertThat(e.sizeInBytes()).isEqualTo(24);
    assertThat(e.numSamples()).isEqualTo(5);
    assertThat(XorChunk.numSamples(e.bytes())).isEqualTo(5);
  }

  @Test
  void singleSampleChunkIsHeaderVarintAndValue() {
    XorChunkEncoder e = new XorChunkEncoder();
    e.appendBits(-1, TestSeries.STALE_NAN);

    assertThat(HexFormat.of().formatHex(e.bytes())).isEqualTo("0001" + "01" + "7ff0000000000002");
  }

  static Stream<Arguments> dodBuckets() {
    return Stream.of(
        Arguments.of("zero", 0L, 1),
        Arguments.of("one", 1L, 16),
        Arguments.of("minus one", -1L, 16),
        Arguments.of("14-bit low edge", -8191L, 16),
        Arguments.of("14-bit high edge", 8192L, 16),
        Arguments.of("past 14-bit low edge", -8192L, 20),
        Arguments.of("past 14-bit high edge", 8193L, 20),
        Arguments.of("17-bit low edge", -65535L, 20),
        Arguments.of("17-bit high edge", 65536L, 20),
        Arguments.of("past 17-bit low edge", -65536L, 24),
        Arguments.of("past 17-bit high edge", 65537L, 24),
        Arguments.of("20-bit low edge", -524287L, 24),
        Arguments.of("20-bit high edge", 524288L, 24),
        Arguments.of("past 20-bit low edge", -524288L, 68),
        Arguments.of("past 20-bit high edge", 524289L, 68),
        Arguments.of("a day", 86_400_000L, 68),
        Arguments.of("huge negative", -(1L << 50), 68));
  }

  @ParameterizedTest(name = "{0}: dod {1} takes {2} bits")
  @MethodSource("dodBuckets")
  void timestampCodeUsesTheBucketOfItsDeltaOfDelta(String name, long dod, int codeBits) {
    XorChunkEncoder e = new XorChunkEncoder();
    long t0 = 1_700_000_000_000L;
    e.append(t0, 1);
    e.append(t0 + 15_000, 1);
    int before = 8 * e.sizeInBytes();
    e.append(t0 + 30_000 + dod, 1);
    e.append(t0 + 45_000 + 2 * dod, 1);

    // Header 16, varint(t0) 48, value 64, uvarint(15000) 16, value 1 bit; then the code and one value bit,
    // and for the 4th sample dod 0 (1 bit) and a value bit.
    long bitsAfterSample1 = 16 + 48 + 64 + 16 + 1;
    assertThat(before).isEqualTo((int) ((bitsAfterSample1 + 7) / 8 * 8));
    assertThat(e.sizeInBytes()).isEqualTo((int) ((bitsAfterSample1 + codeBits + 1 + 2 + 7) / 8));

    TestSeries back = TestSeries.decode(e.bytes(), 0, e.sizeInBytes());
    assertThat(back.t()).containsExactly(t0, t0 + 15_000, t0 + 30_000 + dod, t0 + 45_000 + 2 * dod);
  }

  @Test
  void newWindowWithSixtyFourSignificantBitsWritesZeroWidth() {
    XorChunkEncoder e = new XorChunkEncoder();
    e.appendBits(0, 0L);
    e.appendBits(1, 0x8000_0000_0000_0001L);
    // Sample 1 starts at bit 16 + 8 + 64 + 8 = 96: '1', '1', leading 00000, width 000000, then 64 bits.
    BitReader r = new BitReader(e.bytes(), 0, e.sizeInBytes());
    r.readBits(64);
    r.readBits(32);
    assertThat(r.readBits(2)).isEqualTo(0b11);
    assertThat(r.readBits(5)).isZero();
    assertThat(r.readBits(6)).isZero();
    assertThat(r.readBits(64)).isEqualTo(0x8000_0000_0000_0001L);
    assertThat(TestSeries.decode(e.bytes(), 0, e.sizeInBytes()).v()).containsExactly(0L, 0x8000_0000_0000_0001L);
  }

  @Test
  void leadingZerosAreCappedAtThirtyOne() {
    XorChunkEncoder e = new XorChunkEncoder();
    e.appendBits(0, 0L);
    e.appendBits(1, 1L);
    BitReader r = new BitReader(e.bytes(), 0, e.sizeInBytes());
    r.readBits(64);
    r.readBits(32);
    assertThat(r.readBits(2)).isEqualTo(0b11);
    assertThat(r.readBits(5)).isEqualTo(31);
    assertThat(r.readBits(6)).isEqualTo(33);
    assertThat(r.readBits(33)).isEqualTo(1);
  }

  @Test
  void specialFloatsRoundTripBitExactly() {
    long[] values = {
      Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(0.0), TestSeries.STALE_NAN,
      TestSeries.STALE_NAN, TestSeries.PROMETHEUS_NAN, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
      Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(-0.0),
      Double.doubleToRawLongBits(Double.NaN), 0xFFF0_0000_0000_0001L
    };
    long[] ts = new long[values.length];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = 15_000L * i;
    }
    TestSeries s = new TestSeries(ts, values);
    TestSeries back = TestSeries.decode(s.encode(), 0, s.encode().length);
    assertThat(back.v()).containsExactly(values);
    assertThat(back.t()).containsExactly(ts);
  }

  @Test
  void holdsAtMost65535Samples() {
    XorChunkEncoder e = new XorChunkEncoder();
    for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
      e.append(i * 1000L, i);
    }
    assertThat(e.numSamples()).isEqualTo(65535);
    assertThat(XorChunk.numSamples(e.bytes())).isEqualTo(65535);
    assertThatThrownBy(() -> e.append(1L << 40, 0)).isInstanceOf(IllegalStateException.class);

    TestSeries back = TestSeries.decode(e.bytes(), 0, e.sizeInBytes());
    assertThat(back.size()).isEqualTo(65535);
    assertThat(back.t()[65534]).isEqualTo(65534_000L);
    assertThat(Double.longBitsToDouble(back.v()[65534])).isEqualTo(65534.0);
  }

  @Test
  void resetReusesTheEncoderWithoutCarryingState() throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    TestSeries first = TestSeries.random(r, 300);
    TestSeries second = TestSeries.random(r, 50);

    XorChunkEncoder e = new XorChunkEncoder(16);
    for (int i = 0; i < first.size(); i++) {
      e.appendBits(first.t()[i], first.v()[i]);
    }
    assertThat(e.bytes()).isEqualTo(first.encode());
    e.reset();
    for (int i = 0; i < second.size(); i++) {
      e.appendBits(second.t()[i], second.v()[i]);
    }
    assertThat(e.bytes()).isEqualTo(second.encode());
    assertThat(e.lastT()).isEqualTo(second.t()[49]);

    byte[] dst = new byte[e.sizeInBytes() + 5];
    assertThat(e.writeTo(dst, 5)).isEqualTo(e.sizeInBytes());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    e.writeTo(out);
    assertThat(out.toByteArray()).isEqualTo(e.bytes());
  }

  @Test
  void resumeContinuesAChunkLikePrometheusAppender() {
    SplittableRandom r = new SplittableRandom(11);
    for (int round = 0; round < 50; round++) {
      TestSeries s = TestSeries.random(r, 2 + r.nextInt(200));
      int split = 1 + r.nextInt(s.size() - 1);
      byte[] whole = s.encode();
      XorChunkEncoder head = new XorChunkEncoder();
      for (int i = 0; i < split; i++) {
        head.appendBits(s.t()[i], s.v()[i]);
      }
      byte[] framed = new byte[head.sizeInBytes() + 3];
      head.writeTo(framed, 3);

      XorChunkEncoder resumed = new XorChunkEncoder().resume(framed, 3, head.sizeInBytes());
      assertThat(resumed.numSamples()).isEqualTo(split);
      for (int i = split; i < s.size(); i++) {
        resumed.appendBits(s.t()[i], s.v()[i]);
      }
      byte[] bytes = resumed.bytes();
      TestSeries back = TestSeries.decode(bytes, 0, bytes.length);
      assertThat(back.t()).containsExactly(s.t());
      assertThat(back.v()).containsExactly(s.v());
      if (windowWasSetBy(s, split)) {
        assertThat(bytes).as("round %d, split %d", round, split).isEqualTo(whole);
      }
    }
  }

  /** Whether a value changed among the first {@code n} samples, so that decoder and encoder windows agree. */
  private static boolean windowWasSetBy(TestSeries s, int n) {
    for (int i = 1; i < n; i++) {
      if (s.v()[i] != s.v()[i - 1]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void sizeTracksTheCuttingRule() {
    XorChunkEncoder e = new XorChunkEncoder();
    SplittableRandom r = new SplittableRandom(5);
    int appended = 0;
    while (e.sizeInBytes() <= XorChunk.MAX_BYTES_BEFORE_APPEND) {
      e.appendBits(appended * 15_000L + r.nextInt(1_000_000), r.nextLong());
      appended++;
      assertThat(e.sizeInBytes()).isEqualTo(e.bytes().length).isLessThanOrEqualTo(XorChunk.MAX_BYTES);
    }
    assertThat(appended).isGreaterThan(30);
  }
}
