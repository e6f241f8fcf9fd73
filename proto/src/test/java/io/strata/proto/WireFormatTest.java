package io.strata.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.thanos.Chunk;
import io.strata.proto.thanos.Label;
import io.strata.proto.thanos.LabelMatcher;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.proto.thanos.StoreGrpc;
import io.strata.proto.thanos.ZLabelSet;
import io.strata.proto.thanos.hints.SeriesRequestHints;
import io.strata.proto.thanos.info.InfoGrpc;
import io.strata.proto.thanos.info.InfoResponse;
import io.strata.proto.thanos.info.StoreInfo;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bytes of a few messages, computed by hand from the field tables in
 * ../shared/reference/thanos-components.md and remote-protocols.md: if a field number, wire type or
 * enum value drifts, a Thanos or Prometheus peer would misread us, and this fails.
 */
class WireFormatTest {
  private static String hex(MessageLite m) {
    return HexFormat.ofDelimiter(" ").formatHex(m.toByteArray());
  }

  @Test
  void label() {
    // field 1 (name) len 1 "a", field 2 (value) len 1 "b"
    assertThat(hex(Label.newBuilder().setName("a").setValue("b").build())).isEqualTo("0a 01 61 12 01 62");
  }

  @Test
  void storeApiChunkNumbersXorZero() {
    // type HISTOGRAM = 1 (field 1 varint), data (field 2, 2 bytes), hash 300 (field 3 varint ac 02)
    Chunk c = Chunk.newBuilder().setType(Chunk.Encoding.HISTOGRAM).setData(ByteString.copyFrom(new byte[] {1, 2}))
        .setHash(300).build();
    assertThat(hex(c)).isEqualTo("08 01 12 02 01 02 18 ac 02");
    assertThat(Chunk.Encoding.XOR.getNumber()).isZero();
    assertThat(hex(Chunk.newBuilder().setType(Chunk.Encoding.XOR).build())).isEmpty();
  }

  @Test
  void seriesRequest() {
    SeriesRequest r = SeriesRequest.newBuilder()
        .setMinTime(-1)
        .setMaxTime(1000)
        .addMatchers(LabelMatcher.newBuilder().setType(LabelMatcher.Type.RE).setName("job").setValue("a.*"))
        .setSkipChunks(true)
        .addWithoutReplicaLabels("replica")
        .build();
    assertThat(hex(r)).isEqualTo(
        // 1: -1 as a 10-byte two's-complement varint; 2: 1000
        "08 ff ff ff ff ff ff ff ff ff 01 10 e8 07 "
            // 3: matcher {type RE=2, name "job", value "a.*"}, 12 bytes
            + "1a 0c 08 02 12 03 6a 6f 62 1a 03 61 2e 2a "
            // 8: skip_chunks true; 14: "replica"
            + "40 01 72 07 72 65 70 6c 69 63 61");
  }

  @Test
  void seriesResponseWarningAndHintsTypeUrl() {
    assertThat(hex(SeriesResponse.newBuilder().setWarning("w").build())).isEqualTo("12 01 77");
    Any hints = Any.pack(SeriesRequestHints.newBuilder().setEnableQueryStats(true).build());
    assertThat(hints.getTypeUrl()).isEqualTo("type.googleapis.com/hintspb.SeriesRequestHints");
  }

  @Test
  void infoResponse() {
    InfoResponse r = InfoResponse.newBuilder()
        .addLabelSets(ZLabelSet.newBuilder().addLabels(Label.newBuilder().setName("a").setValue("b")))
        .setComponentType("store")
        .setStore(StoreInfo.newBuilder().setMinTime(1).setMaxTime(2).setSupportsWithoutReplicaLabels(true))
        .build();
    assertThat(hex(r)).isEqualTo("0a 08 0a 06 0a 01 61 12 01 62 12 05 73 74 6f 72 65 1a 06 08 01 10 02 28 01");
  }

  @Test
  void prometheusSampleIsLittleEndianDouble() {
    // 1: double 1.5 (fixed64, little-endian), 2: timestamp 1000
    assertThat(hex(Sample.newBuilder().setValue(1.5).setTimestamp(1000).build()))
        .isEqualTo("09 00 00 00 00 00 00 f8 3f 10 e8 07");
  }

  @Test
  void readRequestPacksResponseTypes() {
    ReadRequest r = ReadRequest.newBuilder()
        .addQueries(io.strata.proto.prometheus.Query.newBuilder().setStartTimestampMs(1).setEndTimestampMs(2))
        .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS)
        .addAcceptedResponseTypes(ReadRequest.ResponseType.SAMPLES)
        .build();
    assertThat(hex(r)).isEqualTo("0a 04 08 01 10 02 12 02 01 00");
  }

  @Test
  void remoteReadChunkNumbersXorOne() {
    io.strata.proto.prometheus.Chunk c = io.strata.proto.prometheus.Chunk.newBuilder().setMinTimeMs(1)
        .setMaxTimeMs(2).setType(io.strata.proto.prometheus.Chunk.Encoding.XOR)
        .setData(ByteString.copyFrom(new byte[] {0})).build();
    assertThat(hex(c)).isEqualTo("08 01 10 02 18 01 22 01 00");
  }

  @Test
  void grpcMethodPathsMatchThanos() {
    assertThat(StoreGrpc.getSeriesMethod().getFullMethodName()).isEqualTo("thanos.Store/Series");
    assertThat(StoreGrpc.getLabelNamesMethod().getFullMethodName()).isEqualTo("thanos.Store/LabelNames");
    assertThat(StoreGrpc.getLabelValuesMethod().getFullMethodName()).isEqualTo("thanos.Store/LabelValues");
    assertThat(InfoGrpc.getInfoMethod().getFullMethodName()).isEqualTo("thanos.info.Info/Info");
  }
}
