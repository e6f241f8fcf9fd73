package io.strata.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BitStreamTest {

  @Test
  void writesMostSignificantBitFirstAndPadsTheLastByte() {
    BitWriter w = new BitWriter(1);
    w.writeBit(true);
    w.writeBits(0b0101, 4);
    w.writeByte(0xFF);
    w.writeBits(0b11, 2);

    assertThat(w.bitLength()).isEqualTo(15);
    assertThat(w.toByteArray()).containsExactly(0b1010_1111, 0b1111_1110);
  }

  @Test
  void varintsMatchGoEncoding() {
    BitWriter w = new BitWriter();
    w.writeVarint(1000);
    w.writeUvarint(1000);
    w.writeVarint(-1);
    w.writeUvarint(-1L);

    assertThat(w.toByteArray())
        .containsExactly(0xd0, 0x0f, 0xe8, 0x07, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    BitReader r = new BitReader(w.toByteArray(), 0, w.sizeInBytes());
    assertThat(r.readVarint()).isEqualTo(1000);
    assertThat(r.readUvarint()).isEqualTo(1000);
    assertThat(r.readVarint()).isEqualTo(-1);
    assertThat(r.readUvarint()).isEqualTo(-1L);
    assertThat(r.overrun()).isFalse();
  }

  @Test
  void randomFieldsRoundTripAtEveryAlignment() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 20_000;
    int[] widths = new int[n];
    long[] values = new long[n];
    BitWriter w = new BitWriter(4);
    long bits = 0;
    for (int i = 0; i < n; i++) {
      widths[i] = random.nextInt(65);
      values[i] = random.nextLong();
      w.writeBits(values[i], widths[i]);
      bits += widths[i];
    }
    assertThat(w.bitLength()).isEqualTo(bits);

    byte[] framed = new byte[w.sizeInBytes() + 10];
    framed[0] = (byte) 0xAB;
    int len = w.writeTo(framed, 3);
    BitReader r = new BitReader(framed, 3, len);
    for (int i = 0; i < n; i++) {
      long mask = widths[i] == 64 ? -1L : (1L << widths[i]) - 1;
      assertThat(r.readBits(widths[i])).as("field %d of %d bits", i, widths[i]).isEqualTo(values[i] & mask);
    }
    assertThat(r.bitPosition()).isEqualTo(bits);
    assertThat(r.overrun()).isFalse();
  }

  @Test
  void readingPastTheEndYieldsZerosAndReportsOverrun() {
    BitReader r = new BitReader(new byte[] {(byte) 0xFF, (byte) 0x80, 0x7F}, 0, 2);
    assertThat(r.readBits(9)).isEqualTo(0x1FF);
    assertThat(r.readBits(7)).isZero();
    assertThat(r.overrun()).isFalse();
    assertThat(r.readBit()).isFalse();
    assertThat(r.overrun()).isTrue();
  }

  @Test
  void resetClearsAndResetToContinuesMidByte() throws IOException {
    BitWriter w = new BitWriter();
    w.writeBits(-1L, 64);
    w.reset();
    w.writeBits(0b101, 3);
    assertThat(w.toByteArray()).containsExactly(0b1010_0000);

    w.resetTo(new byte[] {(byte) 0xFF, (byte) 0xFF}, 0, 11);
    w.writeBits(0, 2);
    w.writeBit(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(out);
    assertThat(out.toByteArray()).containsExactly(0xFF, 0b1110_0100);
  }

  @Test
  void rejectsNegativeWidths() {
    assertThatThrownBy(() -> new BitWriter().writeBits(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
