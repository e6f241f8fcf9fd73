package io.strata.promclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusDurationTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"2h,7200000", "1m,60000", "1h30m,5400000", "0s,0", "0,0", "90s,90000", "1d,86400000",
      "1w,604800000", "1y,31536000000", "1s500ms,1500"})
  void parses(String text, long ms) {
    assertThat(PrometheusDuration.parse(text)).isEqualTo(Duration.ofMillis(ms));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "2", "h", "1m2h", "1.5h", "-1h", "2 h"})
  void rejects(String text) {
    assertThatThrownBy(() -> PrometheusDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2h", "1m", "1h30m", "0s", "1d2h3m4s5ms", "1w"})
  void formatsBack(String text) {
    assertThat(PrometheusDuration.format(PrometheusDuration.parse(text))).isEqualTo(text);
  }
}
