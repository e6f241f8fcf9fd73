package io.strata.httpapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.model.Labels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1435781451781, 1435781451.781",
      "1435781451780, 1435781451.780",
      "1435781451005, 1435781451.005",
      "1435781451050, 1435781451.050",
      "1435781451000, 1435781451",
      "-1500, -1.500",
      "-1000, -1",
      "0, 0",
      "7, 0.007",
  })
  void timestampsAsPrometheusWritesThem(long millis, String json) {
    assertThat(new JsonWriter().timestamp(millis).toString()).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1|\"1\"",
      "0.1|\"0.1\"",
      "1234567.891|\"1234567.891\"",
      "1e20|\"100000000000000000000\"",
      "1e21|\"1e+21\"",
      "1.5e-7|\"1.5e-07\"",
      "-0.0|\"-0\"",
      "NaN|\"NaN\"",
      "Infinity|\"+Inf\"",
      "-Infinity|\"-Inf\"",
  })
  void sampleValuesAsGoFloats(double v, String json) {
    assertThat(new JsonWriter().sampleValue(v).toString()).isEqualTo(json);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "1435781451.781, 1435781451.781",
      "1e21, 1e+21",
      "1e-7, 1e-7",
      "1.5e-10, 1.5e-10",
      "0.000001, 0.000001",
      "100, 100",
  })
  void goJsonNumbers(double v, String json) {
    assertThat(JsonWriter.goJsonFloat(v)).isEqualTo(json);
  }

  @Test
  void stringsEscapedLikeGoEncodingJson() {
    String in = "a\"b\\c\nd\re\tf<g>h&i\u2028j\u0001k\u007fl\uD83D\uDE00m\uD800n";
    assertThat(new JsonWriter().value(in).toString())
        .isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u003cg\\u003eh\\u0026i\\u2028j\\u0001k\u007fl\uD83D\uDE00m\\ufffdn\"");
  }

  @Test
  void objectsAndArraysPlaceCommas() {
    JsonWriter w = new JsonWriter();
    w.beginObject().name("a").beginArray().value(1).value("x").beginObject().endObject().endArray()
        .name("b").labels(Labels.of("job", "x", "__name__", "up")).name("c").labels(Labels.EMPTY).endObject();
    assertThat(w.toString()).isEqualTo("{\"a\":[1,\"x\",{}],\"b\":{\"__name__\":\"up\",\"job\":\"x\"},\"c\":{}}");
  }
}
