package io.strata.tools.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.model.Labels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class OpenMetricsParserTest {
  private static OpenMetricsParser parser(String s) {
    return new OpenMetricsParser("in.om", new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)));
  }

  record Sample(Labels labels, double value, long t, boolean hasT) {}

  private static List<Sample> samples(String s) throws Exception {
    OpenMetricsParser p = parser(s);
    List<Sample> out = new ArrayList<>();
    OpenMetricsParser.Entry e;
    while ((e = p.next()) != OpenMetricsParser.Entry.EOF) {
      if (e == OpenMetricsParser.Entry.SERIES) {
        out.add(new Sample(p.labels(), p.value(), p.timestamp(), p.hasTimestamp()));
      }
    }
    return out;
  }

  @Test
  void parsesMetadataSamplesLabelsAndExemplars() throws Exception {
    List<Sample> s = samples("""
        # HELP foo_total Requests with "quotes" and \\ backslashes.
        # TYPE foo_total counter
        # UNIT foo_seconds seconds
        foo_total{b="2",a="x\\"y\\\\z\\nw"} 1.5 1700000000.123
        foo_total 17 1700000000 # {trace_id="abc"} 1 1700000000.5
        bar:baz{} -Inf 12.345
        nan_metric NaN 1
        # EOF
        """);
    assertThat(s).hasSize(4);
    assertThat(s.get(0).labels()).isEqualTo(Labels.of("__name__", "foo_total", "a", "x\"y\\z\nw", "b", "2"));
    assertThat(s.get(0).t()).isEqualTo((long) (1700000000.123 * 1000));
    assertThat(s.get(1).value()).isEqualTo(17);
    assertThat(s.get(2).labels()).isEqualTo(Labels.of("__name__", "bar:baz"));
    assertThat(s.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(s.get(2).t()).isEqualTo(12345);
    assertThat(Double.doubleToRawLongBits(s.get(3).value())).isEqualTo(0x7FF8000000000001L);
  }

  @Test
  void eofWithoutTrailingNewlineIsFine() throws Exception {
    assertThat(samples("a 1 1\n# EOF")).hasSize(1);
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("a 1 1\n", "1", "data does not end with # EOF"),
        Arguments.of("a 1 1\n# EOF\nb 1 1\n", "3", "unexpected data after # EOF"),
        Arguments.of("a 1 1\n\n# EOF\n", "2", "unexpected empty line"),
        Arguments.of("# random comment\n# EOF\n", "1", "invalid comment"),
        Arguments.of("# TYPE a countr\n# EOF\n", "1", "invalid metric type \"countr\""),
        Arguments.of("# UNIT a_bytes seconds\n# EOF\n", "1", "unit not a suffix"),
        Arguments.of("a  1 1\n# EOF\n", "1:2", "expected a single space and a value"),
        Arguments.of("a 1x 1\n# EOF\n", "1:3", "invalid value \"1x\""),
        Arguments.of("a 0x10 1\n# EOF\n", "1:3", "invalid value \"0x10\""),
        Arguments.of("a 1_000 1\n# EOF\n", "1:3", "invalid value"),
        Arguments.of("a 1 1 2\n# EOF\n", "1:6", "expected next entry after timestamp"),
        Arguments.of("a{b=\"1\",} 1 1\n# EOF\n", "1:9", "expected label name"),
        Arguments.of("a{b=1} 1 1\n# EOF\n", "1:5", "expected quoted label value"),
        Arguments.of("a{b=\"1\" 1 1\n# EOF\n", "1:8", "expected comma or closing brace"),
        Arguments.of("a{b=\"1} 1 1\n# EOF\n", "1", "unterminated label value"),
        Arguments.of("1a 1 1\n# EOF\n", "1:1", "expected metric name"),
        Arguments.of("a 1 inf\n# EOF\n", "1:5", "invalid timestamp"),
        Arguments.of("gauge 1 1 # {a=\"b\"} 1\n# EOF\n", "1", "does not support exemplars"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("syntaxErrors")
  void syntaxErrorsNameFileAndLine(String input, String where, String problem) {
    assertThatThrownBy(() -> samples(input)).isInstanceOf(OpenMetricsSyntaxException.class)
        .hasMessageStartingWith("in.om:" + where + ":").hasMessageContaining(problem);
  }

  @Test
  void duplicateLabelNamesAreRejected() {
    assertThatThrownBy(() -> samples("a{b=\"1\",b=\"2\"} 1 1\n# EOF\n"))
        .isInstanceOf(OpenMetricsSyntaxException.class).hasMessageContaining("label name \"b\" is not unique");
  }

  @Test
  void bufferBoundariesDoNotMatter() throws Exception {
    StringBuilder b = new StringBuilder();
    String longValue = "v".repeat(9_000_000);
    b.append("big{l=\"").append(longValue).append("\"} 1 1\n");
    for (int i = 0; i < 100_000; i++) {
      b.append("m{i=\"").append(i).append("\"} ").append(i).append(' ').append(i).append('\n');
    }
    b.append("# EOF\n");
    List<Sample> s = samples(b.toString());
    assertThat(s).hasSize(100_001);
    assertThat(s.get(0).labels().get("l")).hasSize(9_000_000);
    assertThat(s.get(100_000).t()).isEqualTo(99_999_000L);
  }
}
