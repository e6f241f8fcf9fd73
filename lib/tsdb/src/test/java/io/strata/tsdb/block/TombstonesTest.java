package io.strata.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.tsdb.encoding.CorruptBlockException;
import io.strata.tsdb.encoding.EncodeBuffer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TombstonesTest {
  @TempDir Path tmp;

  @Test
  void emptyFileIsNineKnownBytes() throws Exception {
    Tombstones.writeEmpty(tmp);
    assertThat(Files.readAllBytes(tmp.resolve("tombstones")))
        .containsExactly(0x01, 0x30, 0xba, 0x30, 0x01, 0, 0, 0, 0);
    assertThat(Tombstones.read(tmp).isEmpty()).isTrue();
  }

  @Test
  void mergesOverlappingIntervalsPerSeries() throws Exception {
    EncodeBuffer b = new EncodeBuffer();
    b.putBe32(Tombstones.MAGIC).putByte(1);
    b.putUvarint(3).putVarint(10).putVarint(20);
    b.putUvarint(3).putVarint(-5).putVarint(12);
    b.putUvarint(3).putVarint(21).putVarint(30);
    b.putUvarint(7).putVarint(100).putVarint(100);
    b.putCrc32c(5);
    Tombstones t = Tombstones.decode("tombstones", ByteBuffer.wrap(b.toByteArray()));
    assertThat(t.intervals(3)).containsExactly(new Tombstones.Interval(-5, 30));
    assertThat(t.intervals(7)).containsExactly(new Tombstones.Interval(100, 100));
    assertThat(t.intervals(8)).isEmpty();
    byte[] bad = b.toByteArray();
    bad[6] ^= 1;
    assertThatThrownBy(() -> Tombstones.decode("tombstones", ByteBuffer.wrap(bad)))
        .isInstanceOf(CorruptBlockException.class).hasMessageContaining("CRC32C mismatch");
  }
}
