package io.strata.promclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetadataTest {
  /** A Prometheus whose answers tests change at will; {@code down} makes every call fail. */
  static final class FakeStatus implements PrometheusStatus {
    volatile Labels labels = Labels.EMPTY;
    volatile long lowest = Long.MIN_VALUE;
    volatile int failuresLeft;
    volatile PrometheusFlags flags = new PrometheusFlags(Map.of());

    @Override
    public String url() {
      return "http://fake:9090";
    }

    private void maybeFail() throws IOException {
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new ConnectException("connection refused");
      }
    }

    @Override
    public PrometheusFlags flags() throws IOException {
      maybeFail();
      return flags;
    }

    @Override
    public Labels externalLabels() throws IOException {
      maybeFail();
      return labels;
    }

    @Override
    public long lowestTimestamp() throws IOException {
      maybeFail();
      return lowest;
    }
  }

  @Test
  void refusesToStartWithoutExternalLabelsAndSaysHowToFixIt() {
    FakeStatus p = new FakeStatus();
    PrometheusMetadata m = new PrometheusMetadata(p);
    assertThatThrownBy(() -> m.awaitExternalLabels(Duration.ofSeconds(5), Duration.ofMillis(10)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no external labels are configured on Prometheus at http://fake:9090")
        .hasMessageContaining("external_labels:")
        .hasMessageContaining("reload");
    assertThat(m.ready()).isFalse();
  }

  @Test
  void waitsForPrometheusToComeUp() throws InterruptedException {
    FakeStatus p = new FakeStatus();
    p.labels = Labels.of("cluster", "eu1");
    p.lowest = 1000;
    p.failuresLeft = 3;
    PrometheusMetadata m = new PrometheusMetadata(p, 5000);
    assertThat(m.awaitExternalLabels(Duration.ofSeconds(5), Duration.ofMillis(10))).isEqualTo(p.labels);
    assertThat(m.ready()).isTrue();
    assertThat(m.minTime()).as("--min-time limits the claimed range").isEqualTo(5000);
    assertThat(m.maxTime()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void givesUpAfterTheTimeoutNamingTheUrl() {
    FakeStatus p = new FakeStatus();
    p.failuresLeft = Integer.MAX_VALUE;
    PrometheusMetadata m = new PrometheusMetadata(p);
    assertThatThrownBy(() -> m.awaitExternalLabels(Duration.ofMillis(100), Duration.ofMillis(20)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://fake:9090")
        .hasMessageContaining("connection refused");
  }

  @Test
  void failedRefreshKeepsLabelsButIsNotReady() throws IOException {
    FakeStatus p = new FakeStatus();
    p.labels = Labels.of("cluster", "eu1");
    PrometheusMetadata m = new PrometheusMetadata(p);
    m.refresh();
    assertThat(m.ready()).isTrue();
    p.failuresLeft = 1;
    assertThatThrownBy(m::refresh).isInstanceOf(IOException.class);
    assertThat(m.ready()).isFalse();
    assertThat(m.externalLabels()).isEqualTo(Labels.of("cluster", "eu1"));
    p.labels = Labels.of("cluster", "eu2");
    m.refresh();
    assertThat(m.ready()).isTrue();
    assertThat(m.externalLabels()).as("reloaded configuration is followed").isEqualTo(Labels.of("cluster", "eu2"));
  }
}
