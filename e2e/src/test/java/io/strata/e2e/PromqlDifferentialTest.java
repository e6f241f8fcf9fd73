package io.strata.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.e2e.support.Command;
import io.strata.e2e.support.PrometheusServer;
import io.strata.model.Labels;
import io.strata.promql.Matrix;
import io.strata.promql.PromQLException;
import io.strata.promql.QueryOptions;
import io.strata.promql.Sample;
import io.strata.promql.Scalar;
import io.strata.promql.Series;
import io.strata.promql.Value;
import io.strata.promql.Vector;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.promql.storage.BlockQueryable;
import io.strata.testing.Peers;
import io.strata.tsdb.block.LocalBlock;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of {@code lib/promql} against a real Prometheus (the Debian 2.42 package): the same
 * blocks, made by {@code promtool tsdb create-blocks-from openmetrics}, are served by Prometheus and read by
 * our engine through {@code lib/tsdb}; a few hundred generated instant and range queries over counters,
 * gauges and classic histograms must give the same series, in the same order, with values within 1e-9
 * relative.
 *
 * <p>Prometheus 2.42 selects ranges left-closed ({@code [t-r, t]}) where 3.x is left-open; sample timestamps
 * carry 1-999 ms of jitter and query times are whole seconds, so no sample sits on a window boundary, and
 * query times are 7 s off the minute so that subquery steps (1m) do not either. Counters start from zero,
 * avoiding the one known change in {@code rate} extrapolation between 2.42 and 3.x (see the generator).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromqlDifferentialTest {
  /** 2024-01-01T00:00:00Z. */
  static final long START = 1_704_067_200_000L;
  static final long DURATION = 6 * 3_600_000L;
  static final long INTERVAL = 15_000L;
  static final double REL_TOLERANCE = 1e-9;
  static final int QUERIES = Integer.getInteger("promql.differential.queries", 320);

  Path tmp;
  PrometheusServer prometheus;
  List<LocalBlock> blocks = new ArrayList<>();
  BlockQueryable queryable;
  DefaultQueryEngine engine = new DefaultQueryEngine();
  ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    Path promtool = Peers.require("promtool");
    Path binary = Peers.require("prometheus");
    Path input = tmp.resolve("input.om");
    try (Writer w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      writeOpenMetrics(w, new Random(7));
    }
    Path data = Files.createDirectories(tmp.resolve("data"));
    Command.check(tmp, Duration.ofMinutes(5), List.of(promtool.toString(), "tsdb", "create-blocks-from",
        "openmetrics", input.toString(), data.toString()));
    for (Path b : LocalBlock.blockDirs(data)) {
      blocks.add(LocalBlock.open(b));
    }
    queryable = new BlockQueryable(blocks);
    prometheus = PrometheusServer.start(binary, data, "global:\n  evaluation_interval: 1m\n", List.of());
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    for (LocalBlock b : blocks) {
      b.close();
    }
  }

  // ---- data ----

  private static void line(Writer w, String series, double v, long ts) throws IOException {
    w.write(series + " " + String.format(Locale.ROOT, "%.3f", v) + " " + (ts / 1000) + "."
        + String.format(Locale.ROOT, "%03d", ts % 1000) + "\n");
  }

  /** 1-999 ms after the grid time, never on a whole second. */
  private static long jitter(long t, Random r) {
    return t + 1 + r.nextInt(999);
  }

  static final String[] JOBS = {"api", "web", "db"};
  static final double[] LES = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private static void writeOpenMetrics(Writer w, Random r) throws IOException {
    w.write("# TYPE http_requests counter\n");
    for (String job : JOBS) {
      for (int i = 0; i < 5; i++) {
        for (String code : new String[] {"200", "500"}) {
          String series = "http_requests_total{job=\"" + job + "\",instance=\"i" + i + "\",code=\"" + code + "\"}";
          // Counters start from 0: Prometheus 2.42 clamped the extrapolation to the counter's zero point
          // before applying the 110% threshold, 3.x after it, so a series starting at a non-zero value
          // inside a window would be extrapolated differently by design.
          double v = 0;
          double rate = code.equals("200") ? 1 + r.nextInt(20) : r.nextDouble();
          long from = START + (job.equals("db") && i == 4 ? 2 * 3_600_000L : 0);
          for (long t = from; t < START + DURATION; t += INTERVAL) {
            if (r.nextInt(500) == 0) {
              v = 0; // counter reset
            }
            line(w, series, v, jitter(t, r));
            v += Math.floor(rate * 15 * r.nextDouble() * 2);
          }
        }
      }
    }
    w.write("# TYPE node_temperature_celsius gauge\n");
    for (String job : JOBS) {
      for (int i = 0; i < 5; i++) {
        String series = "node_temperature_celsius{job=\"" + job + "\",instance=\"i" + i + "\"}";
        double v = 20 + r.nextInt(10);
        long to = START + DURATION - (job.equals("web") && i == 0 ? 3 * 3_600_000L : 0);
        for (long t = START; t < to; t += INTERVAL) {
          v += r.nextGaussian() * 0.3;
          line(w, series, Math.round(v * 1000) / 1000.0, jitter(t, r));
        }
      }
    }
    w.write("# TYPE request_duration_seconds histogram\n");
    int samples = (int) (DURATION / INTERVAL);
    for (String job : JOBS) {
      for (int i = 0; i < 5; i++) {
        String base = "job=\"" + job + "\",instance=\"i" + i + "\"";
        double[][] buckets = new double[LES.length + 1][samples];
        double[] sum = new double[samples];
        double[] count = new double[LES.length + 1];
        double total = 0;
        long[] ts = new long[samples];
        for (int s = 0; s < samples; s++) {
          ts[s] = jitter(START + s * INTERVAL, r);
          int obs = 5 + r.nextInt(40);
          for (int o = 0; o < obs; o++) {
            double d = Math.exp(r.nextGaussian() - 2.5);
            total += d;
            for (int b = 0; b <= LES.length; b++) {
              if (b == LES.length || d <= LES[b]) {
                count[b]++;
              }
            }
          }
          for (int b = 0; b <= LES.length; b++) {
            buckets[b][s] = count[b];
          }
          sum[s] = total;
        }
        for (int b = 0; b <= LES.length; b++) {
          String le = b == LES.length ? "+Inf" : BigDecimal.valueOf(LES[b]).toPlainString();
          for (int s = 0; s < samples; s++) {
            line(w, "request_duration_seconds_bucket{" + base + ",le=\"" + le + "\"}", buckets[b][s], ts[s]);
          }
        }
        for (int s = 0; s < samples; s++) {
          line(w, "request_duration_seconds_sum{" + base + "}", sum[s], ts[s]);
        }
        for (int s = 0; s < samples; s++) {
          line(w, "request_duration_seconds_count{" + base + "}", buckets[LES.length][s], ts[s]);
        }
      }
    }
    w.write("# EOF\n");
  }

  // ---- queries ----

  /** Generated queries: counters, gauges, histograms, operators, aggregations, functions, subqueries, @. */
  static List<String> queries(Random r, long someTime) {
    String[] cm = {"", "{job=\"api\"}", "{code=\"500\"}", "{job=~\"api|db\"}", "{instance!=\"i1\"}"};
    String[] gm = {"", "{job=\"web\"}", "{instance=~\"i[0-2]\"}", "{job!=\"db\"}"};
    String[] ranges = {"1m", "5m", "10m", "30m"};
    String[] offsets = {"", " offset 5m", " offset 1h", " offset -10m"};
    String[] over = {"avg", "min", "max", "sum", "count", "stddev", "stdvar", "last", "present"};
    String[] aggs = {"sum", "avg", "min", "max", "count", "stddev", "stdvar", "group"};
    String[] unary = {"abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10", "sgn", "sin", "cos", "rad"};
    List<String> out = new ArrayList<>();
    while (out.size() < QUERIES) {
      String c = "http_requests_total" + cm[r.nextInt(cm.length)];
      String g = "node_temperature_celsius" + gm[r.nextInt(gm.length)];
      String rng = ranges[r.nextInt(ranges.length)];
      String off = offsets[r.nextInt(offsets.length)];
      String rate = (r.nextBoolean() ? "rate" : "increase") + "(" + c + "[" + rng + "]" + off + ")";
      String by = r.nextBoolean() ? " by (job)" : r.nextBoolean() ? " without (instance)" : "";
      String q = switch (r.nextInt(26)) {
        case 0 -> rate;
        case 1 -> "irate(" + c + "[" + rng + "]" + off + ")";
        case 2 -> (r.nextBoolean() ? "resets" : "changes") + "(" + c + "[" + rng + "])";
        case 3 -> (r.nextBoolean() ? "delta" : "idelta") + "(" + g + "[" + rng + "]" + off + ")";
        case 4 -> (r.nextBoolean() ? "deriv(" + g + "[" + rng + "])" : "predict_linear(" + g + "[" + rng + "], 600)");
        case 5 -> over[r.nextInt(over.length)] + "_over_time(" + g + "[" + rng + "]" + off + ")";
        case 6 -> "quantile_over_time(0." + (1 + r.nextInt(9)) + ", " + g + "[" + rng + "])";
        case 7 -> aggs[r.nextInt(aggs.length)] + by + " (" + rate + ")";
        case 8 -> aggs[r.nextInt(aggs.length)] + by + " (" + g + off + ")";
        case 9 -> (r.nextBoolean() ? "topk" : "bottomk") + "(" + (1 + r.nextInt(3)) + ", " + g + ")";
        case 10 -> "quantile" + by + " (0." + (1 + r.nextInt(9)) + ", " + g + ")";
        case 11 -> "histogram_quantile(0." + (1 + r.nextInt(98)) + ", sum by (le" + (r.nextBoolean() ? ", job" : "")
            + ") (rate(request_duration_seconds_bucket[" + rng + "])))";
        case 12 -> "histogram_quantile(0.9, rate(request_duration_seconds_bucket{job=\"api\"}[" + rng + "]))";
        case 13 -> "sum by (job) (" + rate + ") / sum by (job) (rate(http_requests_total[" + rng + "]))";
        case 14 -> g + (r.nextBoolean() ? " > " : " <= ") + (20 + r.nextInt(10));
        case 15 -> g + " > bool " + (20 + r.nextInt(10)) + " * 2";
        case 16 -> "rate(http_requests_total[5m]) * on (job, instance) group_left () " + g;
        case 17 -> switch (r.nextInt(4)) {
          case 0 -> c + " and on (job, instance) (" + g + " > 25)";
          case 1 -> g + " unless " + g + " > 25";
          case 2 -> g + " or vector(1)";
          default -> "(" + g + " > 22) or on (instance) (" + g + " < 28)";
        };
        case 18 -> unary[r.nextInt(unary.length)] + "(" + g + ")";
        case 19 -> switch (r.nextInt(5)) {
          case 0 -> "clamp(" + g + ", 22, 27)";
          case 1 -> "round(" + g + ", 0.5)";
          case 2 -> "label_replace(" + g + ", \"idx\", \"$1\", \"instance\", \"i(.*)\")";
          case 3 -> "label_join(" + g + ", \"id\", \"-\", \"job\", \"instance\")";
          default -> "timestamp(" + g + ")";
        };
        case 20 -> r.nextBoolean() ? "absent(nonexistent{job=\"x\"})" : "absent(" + g + ")";
        case 21 -> "count_values(\"t\", round(" + g + "))";
        case 22 -> switch (r.nextInt(3)) {
          case 0 -> "max_over_time(rate(http_requests_total[5m])[30m:1m])";
          case 1 -> "avg_over_time(" + g + "[10m:])";
          default -> "min_over_time(sum by (job) (" + g + ")[20m:2m] offset 5m)";
        };
        case 23 -> "rate(" + c + "[5m] @ " + (someTime / 1000) + ")";
        case 24 -> r.nextBoolean() ? "-" + g : "scalar(sum(" + g + ")) - " + g;
        default -> r.nextBoolean() ? "sort_desc(sum by (instance) (" + g + "))" : "sort(" + rate + ")";
      };
      out.add(q);
    }
    return out;
  }

  @Test
  void agreesWithPrometheus() throws Exception {
    Random r = new Random(Long.getLong("promql.differential.seed", 11));
    long someTime = START + 3 * 3_600_000L + 7_000;
    List<String> qs = queries(r, someTime);
    int compared = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      String q = qs.get(i);
      boolean instant = i % 2 == 0;
      // Whole seconds, 7 s past the minute.
      long t = START + 3_600_000L + 7_000 + 60_000L * r.nextInt(250);
      try {
        if (instant) {
          compare(q, prometheusResult("/api/v1/query", Map.of("query", q, "time", Long.toString(t / 1000))),
              () -> engine.instant(queryable, q, t, QueryOptions.DEFAULT).exec().value(), true);
        } else {
          long step = new long[] {15_000, 30_000, 60_000, 135_000}[r.nextInt(4)];
          long end = t + 60_000L * (30 + r.nextInt(120));
          compare(q, prometheusResult("/api/v1/query_range", Map.of("query", q, "start", Long.toString(t / 1000),
              "end", Long.toString(end / 1000), "step", Long.toString(step / 1000))),
              () -> engine.range(queryable, q, t, end, step, QueryOptions.DEFAULT).exec().value(), false);
        }
        compared++;
      } catch (AssertionError e) {
        failures.add((instant ? "instant " : "range ") + q + ": " + e.getMessage());
      }
    }
    System.out.println("promql differential: " + compared + " of " + qs.size() + " queries agree with Prometheus");
    failures.forEach(f -> System.out.println("  MISMATCH " + f));
    assertThat(failures).isEmpty();
  }

  private JsonNode prometheusResult(String path, Map<String, String> params) throws Exception {
    try {
      return json.readTree(prometheus.get(path, params));
    } catch (IOException e) {
      String msg = e.getMessage();
      int brace = msg.indexOf('{');
      return json.readTree(msg.substring(brace));
    }
  }

  private void compare(String q, JsonNode theirs, java.util.concurrent.Callable<Value> ours, boolean instant)
      throws Exception {
    Value v;
    try {
      v = ours.call();
    } catch (PromQLException e) {
      if (theirs.path("status").asText().equals("error")) {
        return;
      }
      throw new AssertionError("we failed with " + e.getMessage() + " but Prometheus answered");
    }
    if (!theirs.path("status").asText().equals("success")) {
      throw new AssertionError("Prometheus failed with " + theirs.path("error").asText() + " but we answered " + v);
    }
    JsonNode data = theirs.get("data");
    String type = data.get("resultType").asText();
    JsonNode result = data.get("result");
    switch (v) {
      case Scalar s -> {
        assertEquals(type, "scalar", "result type");
        check(parseValue(result.get(1).asText()), s.value(), "scalar");
      }
      case Vector vec -> {
        assertEquals(type, "vector", "result type");
        List<Sample> mine = new ArrayList<>(vec.samples());
        List<Sample> other = new ArrayList<>();
        for (JsonNode n : result) {
          other.add(new Sample(labels(n.get("metric")), 0, parseValue(n.get("value").get(1).asText())));
        }
        boolean ordered = q.startsWith("sort") || q.matches("^(topk|bottomk)\\(\\d.*");
        if (!ordered) {
          mine.sort(Comparator.comparing(Sample::metric));
          other.sort(Comparator.comparing(Sample::metric));
        }
        assertEquals(other.size(), mine.size(), "number of samples (theirs " + other + ", ours " + mine + ")");
        for (int i = 0; i < mine.size(); i++) {
          assertEquals(other.get(i).metric(), mine.get(i).metric(), "labels of sample " + i);
          check(other.get(i).value(), mine.get(i).value(), mine.get(i).metric().toString());
        }
      }
      case Matrix m -> {
        assertEquals(type, "matrix", "result type");
        assertEquals(result.size(), m.size(), "number of series");
        Iterator<JsonNode> it = result.iterator();
        for (Series s : m.series()) {
          JsonNode n = it.next();
          assertEquals(labels(n.get("metric")), s.metric(), "series labels (same order)");
          JsonNode values = n.get("values");
          assertEquals(values.size(), s.size(), "points of " + s.metric());
          for (int i = 0; i < s.size(); i++) {
            long ts = new BigDecimal(values.get(i).get(0).asText()).movePointRight(3).longValueExact();
            assertEquals(ts, s.timestamps()[i], "timestamp " + i + " of " + s.metric());
            check(parseValue(values.get(i).get(1).asText()), s.values()[i], s.metric() + " at " + ts);
          }
        }
      }
      default -> throw new AssertionError("unexpected value " + v);
    }
  }

  private static void assertEquals(Object expected, Object actual, String what) {
    if (!expected.equals(actual)) {
      throw new AssertionError(what + ": Prometheus " + expected + ", ours " + actual);
    }
  }

  private static void check(double theirs, double ours, String what) {
    if (Double.isNaN(theirs) && Double.isNaN(ours) || theirs == ours) {
      return;
    }
    double diff = Math.abs(theirs - ours);
    if (diff <= REL_TOLERANCE * Math.max(Math.abs(theirs), Math.abs(ours))) {
      return;
    }
    throw new AssertionError(what + ": Prometheus " + theirs + ", ours " + ours);
  }

  private static double parseValue(String s) {
    return switch (s) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  private static Labels labels(JsonNode metric) {
    Labels.Builder b = Labels.builder();
    metric.fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
    return b.build();
  }
}
