package io.strata.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.tsdb.encoding.CorruptBlockException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlockMetaCodecTest {
  static final String THANOS_EXAMPLE = """
      {
      	"ulid": "01DRBP4RNVZ94135ZA6B10EMRR",
      	"minTime": 1570766415000,
      	"maxTime": 1570773600000,
      	"stats": { "numSamples": 115210, "numSeries": 100, "numChunks": 990 },
      	"compaction": { "level": 1, "sources": ["01DRBP4RNVZ94135ZA6B10EMRR"] },
      	"version": 1,
      	"thanos": {
      		"version": 1,
      		"labels": { "cluster": "one", "replica": "a" },
      		"downsample": { "resolution": 0 },
      		"source": "sidecar",
      		"files": [
      			{ "rel_path": "chunks/000001", "size_bytes": 123456 },
      			{ "rel_path": "index", "size_bytes": 7890 },
      			{ "rel_path": "meta.json" }
      		],
      		"index_stats": {},
      		"upload_time": "2019-10-11T06:00:00Z",
      		"some_future_field": [1, 2]
      	}
      }
      """;

  @Test
  void readsThanosMetaAndWritesItBack() throws Exception {
    BlockMeta m = BlockMetaCodec.parse("meta.json", THANOS_EXAMPLE.getBytes(StandardCharsets.UTF_8));
    assertThat(m.stats().numSamples()).isEqualTo(115210);
    assertThat(m.externalLabels()).isEqualTo(Map.of("cluster", "one", "replica", "a"));
    assertThat(m.thanos().files()).hasSize(3);
    assertThat(m.thanos().source()).isEqualTo("sidecar");
    String json = new String(BlockMetaCodec.toJson(m), StandardCharsets.UTF_8);
    assertThat(json).contains("\t\"ulid\" : \"01DRBP4RNVZ94135ZA6B10EMRR\"")
        .doesNotContain("numTombstones").doesNotContain("\"parents\"").doesNotContain("deletable")
        .contains("\"index_stats\" : { }").contains("\"upload_time\" : \"2019-10-11T06:00:00Z\"");
    assertThat(BlockMetaCodec.parse("again", json.getBytes(StandardCharsets.UTF_8))).isEqualTo(m);
  }

  @Test
  void plainPrometheusMetaHasNoThanosSection() throws Exception {
    BlockMeta m = new BlockMeta("01DRBP4RNVZ94135ZA6B10EMRR", 0, 10, new BlockMeta.Stats(5, 5, 0, 1, 1, 0),
        BlockMeta.Compaction.level1("01DRBP4RNVZ94135ZA6B10EMRR"), 1, null);
    String json = new String(BlockMetaCodec.toJson(m), StandardCharsets.UTF_8);
    assertThat(json).doesNotContain("thanos").contains("\"sources\" : [\n\t\t\t\"01DRBP4RNVZ94135ZA6B10EMRR\"\n\t\t]");
    assertThat(m.resolution()).isZero();
    assertThat(m.externalLabels()).isEmpty();
  }

  @Test
  void rejectsBadMetaWithReason() {
    for (var c : List.of(
        List.of("{\"ulid\":\"01DRBP4RNVZ94135ZA6B10EMRR\",\"minTime\":0,\"maxTime\":1,\"version\":2}", "version 2"),
        List.of("{\"ulid\":\"nope\",\"minTime\":0,\"maxTime\":1,\"version\":1}", "invalid ULID"),
        List.of("{\"ulid\":\"01DRBP4RNVZ94135ZA6B10EMRR\",\"minTime\":5,\"maxTime\":1,\"version\":1}", "before minTime"),
        List.of("{\"ulid\": ", "malformed meta.json"))) {
      assertThatThrownBy(() -> BlockMetaCodec.parse("dir/meta.json", c.get(0).getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(CorruptBlockException.class).hasMessageStartingWith("dir/meta.json")
          .hasMessageContaining(c.get(1));
    }
  }
}
