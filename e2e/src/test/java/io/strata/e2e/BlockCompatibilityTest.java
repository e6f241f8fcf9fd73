package io.strata.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.strata.e2e.support.Command;
import io.strata.e2e.support.PrometheusServer;
import io.strata.testing.Peers;
import io.strata.tools.cli.ToolsCommand;
import io.strata.tools.openmetrics.OpenMetricsGenerator;
import io.strata.tsdb.block.BlockMeta;
import io.strata.tsdb.block.BlockMetaCodec;
import io.strata.tsdb.block.LocalBlock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block compatibility with the real Prometheus 2.42 tools, on one synthetic OpenMetrics file (counters
 * with resets, gauges, classic histograms, 500 values of one label, NaN/Inf/-0, ~2,100 series over a
 * day): blocks made by {@code promtool tsdb create-blocks-from openmetrics} and by
 * {@code strata tools block import-openmetrics} must dump identically with both tools, pass
 * {@code promtool tsdb analyze}, and answer range queries identically in a real Prometheus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BlockCompatibilityTest {
  /** 2023-11-14T22:00:00Z, an hour boundary; samples carry millisecond jitter. */
  static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 3_600_000L;
  static final long DAY = 24 * 3_600_000L;

  Path tmp;
  Path promtool;
  Path input;
  Path promtoolBlocks;
  Path strataBlocks;
  Path promtoolDumpOfPromtoolBlocks;

  @BeforeAll
  void createBlocksWithBothTools(@TempDir Path dir) throws Exception {
    tmp = dir;
    promtool = Peers.require("promtool");
    input = tmp.resolve("input.om");
    try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      new OpenMetricsGenerator(START, DAY, 120_000, 1, 42).write(w);
    }
    promtoolBlocks = Files.createDirectories(tmp.resolve("promtool-blocks"));
    Command.check(tmp, Duration.ofMinutes(5), List.of(promtool.toString(), "tsdb", "create-blocks-from",
        "openmetrics", input.toString(), promtoolBlocks.toString()));
    strataBlocks = tmp.resolve("strata-blocks");
    assertThat(strata("block", "import-openmetrics", input.toString(), strataBlocks.toString())).isZero();
    promtoolDumpOfPromtoolBlocks = promtoolDump(promtoolBlocks);
  }

  private int strata(String... args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    return ToolsCommand.execute(out, err, args);
  }

  /** {@code promtool tsdb dump} needs a wal directory and writes chunks_head: run it on a copy. */
  private Path promtoolDump(Path blocks) throws Exception {
    Path copy = copyDir(blocks, tmp.resolve(blocks.getFileName() + "-dumpcopy"));
    Files.createDirectories(copy.resolve("wal"));
    Command.Result r = Command.check(tmp, Duration.ofMinutes(5), List.of(promtool.toString(), "tsdb", "dump",
        copy.toString()));
    return r.stdout();
  }

  private Path strataDump(Path blocks) throws Exception {
    Path out = tmp.resolve(blocks.getFileName() + ".strata-dump");
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      assertThat(ToolsCommand.execute(w, new PrintWriter(System.err, true), "block", "dump", blocks.toString()))
          .isZero();
    }
    return out;
  }

  @Test
  @Order(1)
  void theFixtureIsBigEnough() throws Exception {
    List<Path> blocks = LocalBlock.blockDirs(promtoolBlocks);
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(12);
    long series = 0;
    for (Path b : blocks) {
      series = Math.max(series, BlockMetaCodec.read(b).stats().numSeries());
    }
    assertThat(series).isGreaterThanOrEqualTo(1000);
  }

  @Test
  @Order(2)
  void strataDumpOfPromtoolBlocksEqualsPromtoolDump() throws Exception {
    assertSameLines(strataDump(promtoolBlocks), promtoolDumpOfPromtoolBlocks);
  }

  @Test
  @Order(3)
  void strataBlocksHaveTheSameRangesAndStatsAsPromtools() throws Exception {
    List<String> ours = summaries(strataBlocks);
    List<String> theirs = summaries(promtoolBlocks);
    assertThat(ours).containsExactlyElementsOf(theirs);
  }

  private static List<String> summaries(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path b : LocalBlock.blockDirs(dir)) {
      BlockMeta m = BlockMetaCodec.read(b);
      out.add(m.minTime() + "-" + m.maxTime() + " series=" + m.stats().numSeries() + " samples="
          + m.stats().numSamples() + " level=" + m.compaction().level());
    }
    out.sort(null);
    return out;
  }

  @Test
  @Order(4)
  void promtoolAnalyzesEveryStrataBlock() throws Exception {
    for (Path b : LocalBlock.blockDirs(strataBlocks)) {
      Command.Result r = Command.run(tmp, Duration.ofMinutes(2), List.of(promtool.toString(), "tsdb", "analyze",
          strataBlocks.toString(), b.getFileName().toString()));
      assertThat(r.exitCode()).as("promtool tsdb analyze %s: %s", b.getFileName(), r.stderrText()).isZero();
      assertThat(r.stdoutText()).contains("Block ID: " + b.getFileName());
    }
    Command.Result list = Command.check(tmp, Duration.ofMinutes(1), List.of(promtool.toString(), "tsdb", "list",
        strataBlocks.toString()));
    assertThat(list.stdoutText().lines().count() - 1).isEqualTo(LocalBlock.blockDirs(strataBlocks).size());
  }

  @Test
  @Order(5)
  void promtoolDumpOfStrataBlocksEqualsItsDumpOfItsOwn() throws Exception {
    assertSameLines(promtoolDump(strataBlocks), promtoolDumpOfPromtoolBlocks);
  }

  @Test
  @Order(6)
  void strataVerifiesBothBlockSets() {
    assertThat(strata("block", "verify", promtoolBlocks.toString())).isZero();
    assertThat(strata("block", "verify", strataBlocks.toString())).isZero();
  }

  @Test
  @Order(7)
  void prometheusAnswersRangeQueriesIdenticallyOverBothBlockSets() throws Exception {
    Path prometheus = Peers.require("prometheus");
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("raw counter", "http_requests_total{code=\"500\",method=\"GET\"}");
    queries.put("rate", "rate(http_requests_total{job=\"api-1\"}[5m])");
    queries.put("sum by job of rate", "sum by (job) (rate(http_requests_total[10m]))");
    queries.put("histogram_quantile", "histogram_quantile(0.99, sum by (le, handler) (rate(request_duration_seconds_bucket[10m])))");
    queries.put("gauge", "node_memory_bytes{type=\"free\"}");
    queries.put("avg_over_time", "avg_over_time(node_memory_bytes{type=~\"free|cached\"}[30m])");
    queries.put("special values", "many_values{id=~\"00000[0-9]\"}");
    queries.put("count", "count(many_values)");
    Map<String, String> fromPromtool = rangeQueries(prometheus, promtoolBlocks, queries);
    Map<String, String> fromStrata = rangeQueries(prometheus, strataBlocks, queries);
    for (String name : queries.keySet()) {
      assertThat(fromStrata.get(name)).as(name).contains("\"status\":\"success\"").contains("\"values\":[[");
      assertThat(fromStrata.get(name)).as(name).isEqualTo(fromPromtool.get(name));
    }
  }

  private Map<String, String> rangeQueries(Path prometheus, Path blocks, Map<String, String> queries) throws Exception {
    Path data = copyDir(blocks, tmp.resolve(blocks.getFileName() + "-prometheus"));
    Map<String, String> out = new LinkedHashMap<>();
    try (PrometheusServer p = PrometheusServer.start(prometheus, data, "global: {}\n", List.of())) {
      for (Map.Entry<String, String> q : queries.entrySet()) {
        out.put(q.getKey(), p.get("/api/v1/query_range", Map.of("query", q.getValue(),
            "start", Long.toString(START / 1000), "end", Long.toString((START + DAY) / 1000), "step", "300")));
      }
    }
    return out;
  }

  private static void assertSameLines(Path actual, Path expected) throws IOException {
    long n = 0;
    try (BufferedReader a = Files.newBufferedReader(actual, StandardCharsets.UTF_8);
        BufferedReader e = Files.newBufferedReader(expected, StandardCharsets.UTF_8)) {
      while (true) {
        String la = a.readLine();
        String le = e.readLine();
        n++;
        if (la == null && le == null) {
          break;
        }
        if (la == null || !la.equals(le)) {
          fail("line " + n + " differs:\n  strata:   " + la + "\n  expected: " + le);
        }
      }
    }
    assertThat(n).isGreaterThan(1_000_000);
  }

  private static Path copyDir(Path src, Path dest) throws IOException {
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path d = dest.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return dest;
  }
}
