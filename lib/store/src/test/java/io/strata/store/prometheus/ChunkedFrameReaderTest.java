package io.strata.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.strata.proto.prometheus.Chunk;
import io.strata.proto.prometheus.ChunkedReadResponse;
import io.strata.proto.prometheus.ChunkedSeries;
import io.strata.proto.prometheus.Label;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedFrameReaderTest {
  static ChunkedReadResponse response(String name, int chunkBytes) {
    byte[] data = new byte[chunkBytes];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + name.length());
    }
    return ChunkedReadResponse.newBuilder().addChunkedSeries(ChunkedSeries.newBuilder()
        .addLabels(Label.newBuilder().setName("__name__").setValue(name))
        .addChunks(Chunk.newBuilder().setMinTimeMs(1).setMaxTimeMs(2).setType(Chunk.Encoding.XOR)
            .setData(ByteString.copyFrom(data)))).build();
  }

  static ChunkedFrameReader reader(byte[]... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      out.writeBytes(f);
    }
    return new ChunkedFrameReader(new ByteArrayInputStream(out.toByteArray()), 1 << 20);
  }

  @Test
  void readsFramesUntilTheEnd() throws IOException {
    ChunkedReadResponse a = response("a", 10);
    ChunkedReadResponse b = response("b", 300); // a two-byte length prefix
    ChunkedFrameReader r = reader(Frames.frame(a), Frames.frame(b));
    assertThat(r.next()).isEqualTo(a);
    assertThat(r.next()).isEqualTo(b);
    assertThat(r.next()).isNull();
    assertThat(r.frames()).isEqualTo(2);
    assertThat(r.offset()).isEqualTo(Frames.frame(a).length + Frames.frame(b).length);
  }

  @Test
  void emptyBodyHasNoFrames() throws IOException {
    assertThat(reader().next()).isNull();
  }

  @Test
  void readsEachFrameAsItArrives() throws Exception {
    PipedOutputStream out = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(out, 1 << 16);
    ChunkedFrameReader r = new ChunkedFrameReader(in, 1 << 20);
    out.write(Frames.frame(response("first", 10)));
    out.flush();
    // The second frame has not been written: reading the first must not wait for it.
    assertThat(r.next().getChunkedSeries(0).getLabels(0).getValue()).isEqualTo("first");
    out.write(Frames.frame(response("second", 10)));
    out.close();
    assertThat(r.next().getChunkedSeries(0).getLabels(0).getValue()).isEqualTo("second");
    assertThat(r.next()).isNull();
  }

  @Test
  void crcMismatchNamesTheFrameOffset() throws IOException {
    byte[] good = Frames.frame(response("a", 10));
    byte[] bad = Frames.frame(response("b", 10));
    bad[bad.length - 1] ^= 1;
    ChunkedFrameReader r = reader(good, bad);
    r.next();
    assertThatThrownBy(r::next).isInstanceOfSatisfying(CorruptFrameException.class,
            e -> assertThat(e.offset()).isEqualTo(good.length))
        .hasMessageContaining("byte offset " + good.length)
        .hasMessageContaining("CRC32C mismatch");
  }

  @Test
  void truncatedFramesAreErrors() throws IOException {
    byte[] f = Frames.frame(response("a", 100));
    for (int cut : new int[] {1, 3, 20}) {
      byte[] part = java.util.Arrays.copyOf(f, cut);
      assertThatThrownBy(() -> reader(part).next()).as("cut at %d", cut).isInstanceOf(CorruptFrameException.class)
          .hasMessageContaining("byte offset 0").hasMessageContaining("body ends");
    }
  }

  @Test
  void oversizedFramesAreRefusedBeforeReading() {
    byte[] f = Frames.frame(response("a", 5000));
    assertThatThrownBy(() -> new ChunkedFrameReader(new ByteArrayInputStream(f), 1000).next())
        .isInstanceOf(CorruptFrameException.class).hasMessageContaining("more than the limit of 1000");
  }

  @Test
  void errorTextPrometheusAppendsAfterStartingIsQuoted() throws IOException {
    byte[] good = Frames.frame(response("a", 10));
    byte[] text = "expanding series: query timed out in expression evaluation, while streaming"
        .repeat(3).getBytes(StandardCharsets.UTF_8);
    ChunkedFrameReader r = reader(good, text);
    r.next();
    assertThatThrownBy(r::next).isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("byte offset " + good.length)
        .hasMessageContaining("query timed out");
  }

  @Test
  void garbageWithAValidCrcIsNotProtobuf() {
    byte[] junk = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    assertThatThrownBy(() -> reader(Frames.frame(junk)).next()).isInstanceOf(CorruptFrameException.class)
        .hasMessageContaining("not a ChunkedReadResponse");
  }
}
