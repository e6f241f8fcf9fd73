package io.strata.promclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusFlagsTest {
  @Test
  void equalBlockDurationsMayUpload() {
    PrometheusFlags f = new PrometheusFlags(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "2h",
        PrometheusFlags.MAX_BLOCK_DURATION, "2h"));
    assertThat(f.uploadProblem("http://p:9090")).isNull();
    assertThat(f.blockDurationNotRecommended()).isFalse();
    assertThat(f.minBlockDuration()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void differentBlockDurationsAreRefusedWithAnExplanation() {
    PrometheusFlags f = new PrometheusFlags(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "2h",
        PrometheusFlags.MAX_BLOCK_DURATION, "1d"));
    assertThat(f.uploadProblem("http://p:9090"))
        .contains("http://p:9090")
        .contains("--storage.tsdb.min-block-duration=2h")
        .contains("--storage.tsdb.max-block-duration=1d")
        .contains("compact")
        .contains("--storage.tsdb.min-block-duration=2h --storage.tsdb.max-block-duration=2h");
  }

  @Test
  void shortBlocksAreAllowedButNotRecommended() {
    PrometheusFlags f = new PrometheusFlags(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "1m",
        PrometheusFlags.MAX_BLOCK_DURATION, "1m"));
    assertThat(f.uploadProblem("u")).isNull();
    assertThat(f.blockDurationNotRecommended()).isTrue();
  }

  @Test
  void unreportedFlagsAreNotAProblem() {
    assertThat(new PrometheusFlags(Map.of()).uploadProblem("u")).isNull();
  }
}
