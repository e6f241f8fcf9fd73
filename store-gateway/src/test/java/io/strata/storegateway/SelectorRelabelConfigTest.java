package io.strata.storegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.store.bucket.BucketStoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelectorRelabelConfigTest {
  private static final String THANOS_DOC_EXAMPLE = """
      - action: hashmod
        source_labels: ["cluster", "__block_id"]
        target_label: shard
        modulus: 3
      - action: keep
        source_labels: ["shard"]
        regex: 1
      """;

  @Test
  void hashmodShardingAsThanosDocumentsIt(@TempDir Path dir) throws Exception {
    assertThat(SelectorRelabelConfig.parse(THANOS_DOC_EXAMPLE))
        .isEqualTo(new BucketStoreConfig.Shard(1, 3, List.of("cluster", "__block_id")));
    Path file = dir.resolve("selector.yml");
    Files.writeString(file, THANOS_DOC_EXAMPLE);
    assertThat(SelectorRelabelConfig.shard(null, file).count()).isEqualTo(3);
  }

  @Test
  void nothingMeansEveryBlock() {
    assertThat(SelectorRelabelConfig.shard(null, null)).isEqualTo(BucketStoreConfig.Shard.NONE);
    assertThat(SelectorRelabelConfig.shard("", null)).isEqualTo(BucketStoreConfig.Shard.NONE);
    assertThat(SelectorRelabelConfig.parse("[]")).isEqualTo(BucketStoreConfig.Shard.NONE);
  }

  @Test
  void otherRulesAreRefused() {
    assertThatThrownBy(() -> SelectorRelabelConfig.parse("- action: drop\n  source_labels: [a]\n  regex: x\n"))
        .hasMessageContaining("only hashmod sharding is supported");
    assertThatThrownBy(() -> SelectorRelabelConfig.parse("""
        - action: hashmod
          source_labels: [a]
          target_label: shard
          modulus: 2
        - action: keep
          source_labels: [other]
          regex: 1
        """)).hasMessageContaining("keep rule must select on the hashmod target label");
  }
}
