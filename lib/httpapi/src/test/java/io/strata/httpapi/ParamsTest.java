package io.strata.httpapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.LabelMatcher;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1435781451|1435781451000",
      "1435781451.781|1435781451781",
      "0.0005|1",
      "-0.0005|-1",
      "1.4e9|1400000000000",
      "0|0",
      "-1.5|-1500",
      "+12.25|12250",
      ".5|500",
      "2015-07-01T20:10:51.781Z|1435781451781",
      "2015-07-01T20:10:51Z|1435781451000",
      "2015-07-01T22:10:51.781+02:00|1435781451781",
      "2015-07-01T20:10:51.7819999Z|1435781451781",
      "1970-01-01T00:00:00.5Z|500",
      "-292273086-05-16T16:47:06Z|-9223309901257974000",
      "292277025-08-18T07:12:54.999999999Z|9223309901257974999",
  })
  void parsesTimesLikePrometheus(String in, long millis) {
    assertThat(Params.time(in)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "abc", "2015-07-01", "2015-07-01 20:10:51Z", "1e400", "0x10", "2015-13-01T00:00:00Z"})
  void rejectsOtherTimes(String in) {
    assertThatThrownBy(() -> Params.time(in)).isInstanceOf(ApiException.class)
        .hasMessage("cannot parse \"" + in + "\" to a valid timestamp");
  }

  @Test
  void timeParamUsesTheDefaultWhenEmptyAndWrapsErrors() {
    assertThat(Params.timeParam(ApiRequest.get(""), "start", 42)).isEqualTo(42);
    assertThatThrownBy(() -> Params.timeParam(ApiRequest.get("start=x"), "start", 0))
        .hasMessage("invalid time value for 'start': cannot parse \"x\" to a valid timestamp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "15|15000000000",
      "0.5|500000000",
      "1e-3|1000000",
      "5m|300000000000",
      "1h30m|5400000000000",
      "250ms|250000000",
      "1d|86400000000000",
      "1w|604800000000000",
      "1y|31536000000000000",
      "0|0",
      "0s|0",
      "-15|-15000000000",
  })
  void parsesDurationsLikePrometheus(String in, long nanos) {
    assertThat(Params.duration(in)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "m", "5m1h", "1h1h", "5x", "-5m", "1.5m", "abc"})
  void rejectsOtherDurations(String in) {
    assertThatThrownBy(() -> Params.duration(in)).hasMessage("cannot parse \"" + in + "\" to a valid duration");
  }

  @Test
  void durationOverflowHasPrometheusText() {
    assertThatThrownBy(() -> Params.duration("1e10"))
        .hasMessage("cannot parse \"1e10\" to a valid duration. It overflows int64");
    assertThatThrownBy(() -> Params.duration("300y")).hasMessage("cannot parse \"300y\" to a valid duration");
  }

  @Test
  void limits() {
    assertThat(Params.limit("")).isZero();
    assertThat(Params.limit("40000")).isEqualTo(40000);
    assertThatThrownBy(() -> Params.limit("-1")).hasMessage("limit must be non-negative");
    assertThatThrownBy(() -> Params.limit("x")).hasMessage("strconv.Atoi: parsing \"x\": invalid syntax");
  }

  @Test
  void boolsAsGoParseBool() {
    for (String t : List.of("1", "t", "T", "true", "TRUE", "True")) {
      assertThat(Params.bool(t)).isTrue();
    }
    for (String f : List.of("0", "f", "F", "false", "FALSE", "False")) {
      assertThat(Params.bool(f)).isFalse();
    }
    assertThatThrownBy(() -> Params.bool("yes")).hasMessage("strconv.ParseBool: parsing \"yes\": invalid syntax");
  }

  @Test
  void matcherSetsNeedANonEmptyMatcher() {
    assertThat(Params.matcherSets(List.of("up", "{job=\"x\"}", "{__name__=~\"a.*\"}"))).hasSize(3);
    assertThat(Params.matcherSets(List.of("{__name__!=\"\"}")).get(0))
        .containsExactly(LabelMatcher.notEqual("__name__", ""));
    assertThatThrownBy(() -> Params.matcherSets(List.of("{job=~\".*\"}")))
        .hasMessage("match[] must contain at least one non-empty matcher");
    assertThatThrownBy(() -> Params.matcherSets(List.of("up{")))
        .isInstanceOf(ApiException.class).hasMessageContaining("parse error");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "job|job",
      "U__http_2e_status__code|http.status_code",
      "U__a_1f600_b|a\uD83D\uDE00b",
      "U__bad_zz_|U__bad_zz_",
      "U__trailing_|U__trailing_",
  })
  void unescapesLabelNames(String in, String out) {
    assertThat(Params.unescapeLabelName(in)).isEqualTo(out);
  }
}
