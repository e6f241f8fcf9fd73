package io.strata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.proto.thanos.AggrChunk;
import io.strata.proto.thanos.Label;
import io.strata.tsdb.chunkenc.ChunkEncoding;
import io.strata.tsdb.chunkenc.XorChunkEncoder;
import io.strata.tsdb.chunks.Chunk;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoConversionsTest {
  static Label label(String n, String v) {
    return Label.newBuilder().setName(n).setValue(v).build();
  }

  @Test
  void labelsRoundTrip() {
    Labels l = Labels.of("__name__", "up", "job", "api", "zone", "ä");
    assertThat(ProtoConversions.labels(ProtoConversions.toProto(l))).isEqualTo(l);
    assertThat(ProtoConversions.labels(List.of())).isSameAs(Labels.EMPTY);
  }

  @Test
  void unsortedOrOddWireLabelsAreNormalised() {
    assertThat(ProtoConversions.labels(List.of(label("b", "2"), label("a", "1"))))
        .isEqualTo(Labels.of("a", "1", "b", "2"));
    assertThat(ProtoConversions.labels(List.of(label("a", "1"), label("a", "2")))).isEqualTo(Labels.of("a", "2"));
    assertThat(ProtoConversions.labels(List.of(label("a", ""), label("b", "1")))).isEqualTo(Labels.of("b", "1"));
  }

  @Test
  void matchersRoundTripEveryType() {
    List<LabelMatcher> ms = List.of(LabelMatcher.equal("a", "1"), LabelMatcher.notEqual("b", ""),
        LabelMatcher.regex("c", "x|y"), LabelMatcher.notRegex("d", ".+"));
    assertThat(ProtoConversions.matchers(ProtoConversions.toProto(ms))).isEqualTo(ms);
    assertThat(ProtoConversions.toProto(ms).get(0).getType()).isEqualTo(io.strata.proto.thanos.LabelMatcher.Type.EQ);
    assertThat(ProtoConversions.toProto(ms).get(3).getType()).isEqualTo(io.strata.proto.thanos.LabelMatcher.Type.NRE);
  }

  @Test
  void badRegexIsAnInvalidArgumentNamingTheMatcher() {
    var bad = io.strata.proto.thanos.LabelMatcher.newBuilder().setName("job").setValue("a(b")
        .setType(io.strata.proto.thanos.LabelMatcher.Type.RE).build();
    assertThatThrownBy(() -> ProtoConversions.matchers(List.of(bad))).isInstanceOf(StoreException.class)
        .hasMessageContaining("job=~\"a(b\"")
        .extracting(e -> ((StoreException) e).code()).isEqualTo(StoreException.Code.INVALID_ARGUMENT);
    var unknown = bad.toBuilder().setTypeValue(7).build();
    assertThatThrownBy(() -> ProtoConversions.matcher(unknown)).isInstanceOf(StoreException.class)
        .hasMessageContaining("type 7");
  }

  @Test
  void xorChunksAreRenumberedBetweenTsdbAndStoreApi() {
    XorChunkEncoder enc = new XorChunkEncoder();
    enc.append(1000, 1.5);
    enc.append(2000, 2.5);
    Chunk tsdb = new Chunk(1000, 2000, ChunkEncoding.XOR.code(), enc.bytes());
    AggrChunk wire = ProtoConversions.toAggrChunk(tsdb);
    assertThat(tsdb.encoding()).isEqualTo(1);
    assertThat(wire.getRaw().getTypeValue()).isZero();
    assertThat(wire.getMinTime()).isEqualTo(1000);
    assertThat(wire.getMaxTime()).isEqualTo(2000);
    assertThat(wire.getRaw().getData().toByteArray()).isEqualTo(enc.bytes());
    Chunk back = ProtoConversions.toTsdbChunk(wire);
    assertThat(back.encoding()).isEqualTo(1);
    assertThat(back.data()).isEqualTo(tsdb.data());
    assertThat(back.minTime()).isEqualTo(1000);
  }

  @Test
  void otherEncodingsAreRefusedClearly() {
    Chunk histogram = new Chunk(0, 1, ChunkEncoding.HISTOGRAM.code(), new byte[] {0, 0});
    assertThatThrownBy(() -> ProtoConversions.toAggrChunk(histogram)).isInstanceOf(StoreException.class)
        .hasMessageContaining("HISTOGRAM (2)").hasMessageContaining("XOR float chunks only");
    Chunk aggregate = new Chunk(0, 1, 0xFF, new byte[] {0});
    assertThatThrownBy(() -> ProtoConversions.toAggrChunk(aggregate)).hasMessageContaining("THANOS_AGGR");
    AggrChunk wireHistogram = AggrChunk.newBuilder().setRaw(io.strata.proto.thanos.Chunk.newBuilder()
        .setType(io.strata.proto.thanos.Chunk.Encoding.HISTOGRAM)).build();
    assertThatThrownBy(() -> ProtoConversions.toTsdbChunk(wireHistogram)).hasMessageContaining("HISTOGRAM");
  }
}
