package io.strata.tools.openmetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.tsdb.block.BlockMeta;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMetricsImporterTest {
  @TempDir Path tmp;

  private OpenMetricsImporter.Result run(String input) throws Exception {
    return new OpenMetricsImporter(OpenMetricsImporter.DEFAULT_BLOCK_DURATION)
        .importStream("in.om", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), tmp);
  }

  private long entries() throws Exception {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.count();
    }
  }

  @Test
  void oneBlockPerTwoHourWindowSpanningItsSamples() throws Exception {
    OpenMetricsImporter.Result r = run("""
        a 1 0
        a 2 7199.999
        a 3 7200
        b{x="y"} 4 7300
        # EOF
        """);
    assertThat(r.blocks()).hasSize(2);
    BlockMeta first = r.blocks().get(0);
    assertThat(first.minTime()).isZero();
    assertThat(first.maxTime()).isEqualTo(7_199_999L + 1);
    assertThat(first.stats().numSeries()).isEqualTo(1);
    assertThat(r.blocks().get(1).stats().numSeries()).isEqualTo(2);
    assertThat(r.samples()).isEqualTo(4);
    assertThat(entries()).isEqualTo(2);
  }

  @Test
  void outOfOrderWithinAWindowFailsWithLineAndLeavesNoBlock() throws Exception {
    assertThatThrownBy(() -> run("a 1 10\nb 1 10\na 2 5\n# EOF\n")).isInstanceOf(OpenMetricsSyntaxException.class)
        .hasMessageStartingWith("in.om:3:").hasMessageContaining("out of order sample");
    assertThat(entries()).isZero();
  }

  @Test
  void identicalDuplicatesAreIgnoredConflictingOnesFail() throws Exception {
    assertThat(run("a 1 10\na 1 10\n# EOF\n").samples()).isEqualTo(1);
    assertThatThrownBy(() -> run("a 1 10\na 2 10\n# EOF\n")).hasMessageStartingWith("in.om:2:")
        .hasMessageContaining("duplicate sample for timestamp 10000");
  }

  @Test
  void samplesWithoutTimestampsAreRejectedLikePromtool() {
    assertThatThrownBy(() -> run("a 1\n# EOF\n")).hasMessageStartingWith("in.om:1:")
        .hasMessageContaining("expected timestamp");
  }

  @Test
  void syntaxErrorLeavesNoBlock() throws Exception {
    assertThatThrownBy(() -> run("a 1 10\nb 1 20000\nc ? 1\n# EOF\n")).hasMessageStartingWith("in.om:3:");
    assertThat(entries()).isZero();
  }
}
