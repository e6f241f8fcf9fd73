package io.strata.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.model.Labels;
import io.strata.proto.prometheus.Label;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.proto.prometheus.WriteRequest;
import io.strata.testing.Peers;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.xerial.snappy.Snappy;

/**
 * Data and answers for the sidecar end-to-end tests: 20 series {@code e2e_metric{series="i"}} every 15 s, six
 * hours of history as promtool-made blocks, recent samples remote-written into Prometheus's head, and Prometheus's
 * own answers to compare with.
 */
public final class SidecarFixture {
  public static final Labels EXT = Labels.of("cluster", "local", "replica", "0");
  public static final String CONFIG = "global:\n  external_labels:\n    cluster: local\n    replica: \"0\"\n";
  public static final long STEP = 15_000;
  public static final int SERIES = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A sample; the value as raw bits so that equality is exact. */
  public record P(long t, long bits) {
    public double value() {
      return Double.longBitsToDouble(bits);
    }

    @Override
    public String toString() {
      return t + "=" + value();
    }
  }

  /** The history the tests start from: its blocks cover {@code [start, end)}; {@code now} is on the scrape grid. */
  public record History(long now, long start, long end, List<Path> blocks) {}

  private SidecarFixture() {}

  /** Six hours of history made by promtool, starting on a 2h boundary 10–12 hours ago. */
  public static History history(Path work) throws Exception {
    long now = System.currentTimeMillis() / STEP * STEP;
    long start = (now - 12 * 3_600_000L) / 7_200_000L * 7_200_000L;
    long end = start + 6 * 3_600_000L;
    return new History(now, start, end, promtoolHistory(Peers.require("promtool"), work, start, end));
  }

  /**
   * The Prometheus under test over {@code dataDir}: the fixture's external labels, 1-minute blocks (so its head is
   * cut and shipped within the test) and the remote-write receiver for the recent samples.
   */
  public static PrometheusServer startPrometheus(Path dataDir) throws Exception {
    return PrometheusServer.start(Peers.require("prometheus"), dataDir, CONFIG,
        List.of("--storage.tsdb.min-block-duration=1m", "--storage.tsdb.max-block-duration=1m",
            "--web.enable-remote-write-receiver"));
  }

  /** Writes {@code [from, to)} of history with promtool; returns the block directories, oldest first. */
  static List<Path> promtoolHistory(Path promtool, Path work, long from, long to) throws Exception {
    Path om = work.resolve("history.om");
    try (Writer w = Files.newBufferedWriter(om)) {
      w.write("# HELP e2e_metric Sidecar end-to-end data.\n# TYPE e2e_metric gauge\n");
      for (int s = 0; s < SERIES; s++) {
        for (long t = from; t < to; t += STEP) {
          w.write("e2e_metric{series=\"" + s + "\"} " + (s * 1.5 + Math.sin(t / 1e6)) + " " + t / 1000 + "\n");
        }
      }
      w.write("# EOF\n");
    }
    Path out = work.resolve("backfill");
    Command.check(work, Duration.ofMinutes(2), List.of(promtool.toString(), "tsdb", "create-blocks-from",
        "openmetrics", om.toString(), out.toString()));
    try (Stream<Path> s = Files.list(out)) {
      return s.sorted().toList();
    }
  }

  /** Copies blocks into a (running) Prometheus's data directory, as a backfill; returns their ULIDs. */
  public static List<String> backfill(List<Path> blocks, Path dataDir) throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path b : blocks) {
      try (Stream<Path> s = Files.walk(b)) {
        for (Path p : s.toList()) {
          Path dst = dataDir.resolve(b.getFileName().toString()).resolve(b.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(dst);
          } else {
            Files.copy(p, dst);
          }
        }
      }
      ids.add(b.getFileName().toString());
    }
    return ids;
  }

  /** Remote-writes {@code [from, to]} of recent samples in one request (Prometheus's head takes them in order). */
  public static void remoteWrite(String url, long from, long to) throws Exception {
    WriteRequest.Builder w = WriteRequest.newBuilder();
    for (int s = 0; s < SERIES; s++) {
      TimeSeries.Builder ts = TimeSeries.newBuilder()
          .addLabels(Label.newBuilder().setName("__name__").setValue("e2e_metric"))
          .addLabels(Label.newBuilder().setName("series").setValue(Integer.toString(s)));
      for (long t = from; t <= to; t += STEP) {
        ts.addSamples(Sample.newBuilder().setTimestamp(t).setValue(-s + Math.cos(t / 1e6)));
      }
      w.addTimeseries(ts);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/v1/write"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(w.build().toByteArray()))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("remote write: %s", r.body()).isEqualTo(204);
  }

  /** Raw samples as Prometheus returns them ({@code e2e_metric[range]}), labelled as the StoreAPI serves them. */
  public static TreeMap<Labels, List<P>> prometheusRaw(String url, long from, long to) throws Exception {
    return matrix(get(url, "/api/v1/query?query=" + enc("e2e_metric[" + ((to - from) / 1000 + 1) + "s]") + "&time="
        + to / 1000.0), true);
  }

  /**
   * A {@code query_range} answer of the server at {@code url}, step 60 s. With {@code addExternal}, series get the
   * external labels (for Prometheus's answers, whose series lack them, to compare with a Strata querier's).
   */
  public static TreeMap<Labels, List<P>> queryRange(String url, String expr, long start, long end, boolean addExternal)
      throws Exception {
    return matrix(get(url, "/api/v1/query_range?query=" + enc(expr) + "&start=" + start / 1000.0 + "&end="
        + end / 1000.0 + "&step=60"), addExternal);
  }

  /** Whether an expression keeps series labels (then the external labels are part of the answer). */
  public static boolean keepsLabels(String expr) {
    return !expr.startsWith("sum") && !expr.startsWith("max");
  }

  public static TreeMap<Labels, List<P>> restrict(TreeMap<Labels, List<P>> all, long from, long to) {
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    all.forEach((l, points) -> {
      List<P> p = points.stream().filter(x -> x.t() >= from && x.t() <= to).toList();
      if (!p.isEmpty()) {
        out.put(l, p);
      }
    });
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String get(String url, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", pathAndQuery, r.body()).isEqualTo(200);
    return r.body();
  }

  private static TreeMap<Labels, List<P>> matrix(String body, boolean addExternal) throws IOException {
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    for (JsonNode s : JSON.readTree(body).path("data").path("result")) {
      Labels.Builder b = Labels.builder();
      s.path("metric").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
      if (addExternal) {
        EXT.forEach(b::set);
      }
      List<P> points = new ArrayList<>();
      for (JsonNode v : s.path("values")) {
        points.add(new P(Math.round(v.get(0).asDouble() * 1000),
            Double.doubleToRawLongBits(Double.parseDouble(v.get(1).asText()))));
      }
      out.put(b.build(), points);
    }
    return out;
  }
}
