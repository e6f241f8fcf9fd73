package io.strata.block.shipper;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import io.strata.promclient.PrometheusApiException;
import io.strata.promclient.PrometheusFlags;
import io.strata.promclient.PrometheusStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadPreconditionsTest {
  /** Answers flags after {@code failures} refused connections, or 404 when {@code flags} is null. */
  static PrometheusStatus prometheus(Map<String, String> flags, int failures) {
    return new PrometheusStatus() {
      int left = failures;

      @Override
      public String url() {
        return "http://prom:9090";
      }

      @Override
      public PrometheusFlags flags() throws IOException {
        if (left-- > 0) {
          throw new ConnectException("connection refused");
        }
        if (flags == null) {
          throw new PrometheusApiException(404, "GET /api/v1/status/flags returned 404");
        }
        return new PrometheusFlags(flags);
      }

      @Override
      public Labels externalLabels() {
        return Labels.EMPTY;
      }

      @Override
      public long lowestTimestamp() {
        return 0;
      }
    };
  }

  static final Duration RETRY = Duration.ofMillis(10);

  @Test
  void equalBlockDurationsPass() {
    assertThatCode(() -> UploadPreconditions.verify(prometheus(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "2h",
        PrometheusFlags.MAX_BLOCK_DURATION, "2h"), 0), Duration.ofSeconds(1), RETRY)).doesNotThrowAnyException();
  }

  @Test
  void differentBlockDurationsAreRefusedWithAnExplanation() {
    assertThatThrownBy(() -> UploadPreconditions.verify(prometheus(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "2h",
        PrometheusFlags.MAX_BLOCK_DURATION, "1d"), 0), Duration.ofSeconds(1), RETRY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("refusing to upload blocks: Prometheus at http://prom:9090")
        .hasMessageContaining("--storage.tsdb.max-block-duration=1d")
        .hasMessageContaining("restart Prometheus with both flags equal");
  }

  @Test
  void waitsForPrometheusToAnswer() {
    assertThatCode(() -> UploadPreconditions.verify(prometheus(Map.of(PrometheusFlags.MIN_BLOCK_DURATION, "1m",
        PrometheusFlags.MAX_BLOCK_DURATION, "1m"), 3), Duration.ofSeconds(5), RETRY)).doesNotThrowAnyException();
  }

  @Test
  void givesUpWhenPrometheusNeverAnswers() {
    assertThatThrownBy(() -> UploadPreconditions.verify(prometheus(Map.of(), Integer.MAX_VALUE),
        Duration.ofMillis(100), RETRY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://prom:9090")
        .hasMessageContaining("--prometheus.url");
  }

  @Test
  void prometheusWithoutFlagsEndpointIsAccepted() {
    assertThatCode(() -> UploadPreconditions.verify(prometheus(null, 0), Duration.ofSeconds(1), RETRY))
        .doesNotThrowAnyException();
  }
}
