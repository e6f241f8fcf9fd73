package io.strata.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.proto.prometheus.Label;
import io.strata.proto.prometheus.ReadRequest;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.proto.prometheus.WriteRequest;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreTestSupport;
import io.strata.store.StoreTestSupport.Point;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.testing.RealPrometheus;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Remote read against a real Prometheus 2.42, over data in a backfilled block and in the head (remote-written):
 * streamed chunks, SAMPLES and Prometheus's own {@code /api/v1/query_range} must give the very same samples.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteReadPrometheusTest {
  static final long STEP = 15_000;
  static final Labels EXT = Labels.of("cluster", "local", "replica", "0");
  static final ObjectMapper JSON = new ObjectMapper();

  RealPrometheus prometheus;
  PrometheusClient client;
  PrometheusMetadata metadata;
  long now;
  long oldStart;
  final List<TestSeries> old = new ArrayList<>();
  final List<TestSeries> recent = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    now = System.currentTimeMillis() / STEP * STEP;
    oldStart = (now - 6 * 3_600_000L) / 7_200_000L * 7_200_000L;
    for (int i = 0; i < 20; i++) {
      int seed = i;
      Labels l = Labels.of("__name__", "rr_metric", "series", Integer.toString(i), "job", i % 2 == 0 ? "a" : "b");
      old.add(TestSeries.of(l, oldStart, STEP, 480, t -> seed * 1e6 + (t - oldStart) / 1000.0 + Math.sin(t)));
      recent.add(TestSeries.of(l, now - 30 * 60_000L, STEP, 120, t -> -seed + Math.cos(t / 15_000.0) * 1e-3));
    }
    // {__name__="rr_metric"} alone is a prefix of the others: its served position moves.
    recent.add(TestSeries.of(Labels.of("__name__", "rr_metric"), now - 30 * 60_000L, STEP, 120, t -> 42));
    Path data = tmp.resolve("data");
    TestBlocks.write(data, old, Labels.EMPTY);
    prometheus = RealPrometheus.start(data, RealPrometheus.config("cluster: local", "replica: \"0\""),
        List.of("--web.enable-remote-write-receiver", "--query.lookback-delta=1s"));
    remoteWrite(recent);
    client = new PrometheusClient(prometheus.uri(), Duration.ofSeconds(30));
    metadata = new PrometheusMetadata(client);
    metadata.awaitExternalLabels(Duration.ofSeconds(30), Duration.ofMillis(200));
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.close();
    }
  }

  private void remoteWrite(List<TestSeries> series) throws IOException, InterruptedException {
    WriteRequest.Builder w = WriteRequest.newBuilder();
    for (TestSeries s : series) {
      TimeSeries.Builder ts = TimeSeries.newBuilder();
      s.labels().forEach((n, v) -> ts.addLabels(Label.newBuilder().setName(n).setValue(v)));
      for (int i = 0; i < s.timestamps().length; i++) {
        ts.addSamples(Sample.newBuilder().setTimestamp(s.timestamps()[i]).setValue(s.values()[i]));
      }
      w.addTimeseries(ts);
    }
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(prometheus.uri()
            .resolve("/api/v1/write"))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .header("X-Prometheus-Remote-Write-Version", "0.1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Snappy.compress(w.build().toByteArray()))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("remote write: %s", r.body()).isEqualTo(204);
  }

  /** Served labels → samples in [mint, maxt], through the StoreAPI with the given response types. */
  private TreeMap<Labels, List<Point>> viaStore(List<ReadRequest.ResponseType> types, long mint, long maxt) {
    PrometheusStore store = new PrometheusStore(client, metadata, types, ChunkedFrameReader.DEFAULT_MAX_FRAME_BYTES);
    SeriesRequest req = SeriesRequest.newBuilder().setMinTime(mint).setMaxTime(maxt)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "rr_metric")))).build();
    StoreTestSupport.SeriesResult r = StoreTestSupport.drain(store, req);
    List<Labels> labels = r.labels();
    for (int i = 1; i < labels.size(); i++) {
      assertThat(labels.get(i - 1)).isLessThan(labels.get(i));
    }
    TreeMap<Labels, List<Point>> out = new TreeMap<>();
    for (Series s : r.series()) {
      out.put(ProtoConversions.labels(s.getLabelsList()), StoreTestSupport.samples(s, mint, maxt));
    }
    return out;
  }

  /** Prometheus's own answer: query_range at the sample step, lookback 1s, so each step shows its raw sample. */
  private TreeMap<Labels, List<Point>> viaQueryRange(long mint, long maxt) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("query", "rr_metric");
    p.put("start", Double.toString(mint / 1000.0));
    p.put("end", Double.toString(maxt / 1000.0));
    p.put("step", "15s");
    StringBuilder q = new StringBuilder();
    p.forEach((k, v) -> q.append(q.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(prometheus.uri()
        .resolve("/api/v1/query_range?" + q)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    TreeMap<Labels, List<Point>> out = new TreeMap<>();
    for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
      Labels.Builder b = Labels.builder();
      s.path("metric").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
      EXT.forEach(b::set);
      List<Point> points = new ArrayList<>();
      for (JsonNode v : s.path("values")) {
        points.add(Point.of(Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())));
      }
      out.put(b.build(), points);
    }
    return out;
  }

  @Test
  void streamedSamplesAndQueryRangeAgreeOverBlockAndHead() throws Exception {
    long mint = oldStart;
    long maxt = now;
    TreeMap<Labels, List<Point>> streamed = viaStore(List.of(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS), mint, maxt);
    TreeMap<Labels, List<Point>> samples = viaStore(List.of(ReadRequest.ResponseType.SAMPLES), mint, maxt);
    TreeMap<Labels, List<Point>> prom = viaQueryRange(mint, maxt);
    assertThat(streamed).hasSize(21);
    assertThat(streamed.keySet()).allSatisfy(l -> assertThat(l.get("cluster")).isEqualTo("local"));
    assertThat(streamed.values().stream().mapToInt(List::size).sum()).isEqualTo(20 * 480 + 21 * 120);
    assertThat(samples).isEqualTo(streamed);
    assertThat(prom).isEqualTo(streamed);
  }

  @Test
  void partialWindowsAgreeToo() throws Exception {
    // Windows on the 15 s grid, so that every query_range step falls on a sample.
    for (long[] w : new long[][] {{oldStart + 3_600_000L, oldStart + 5_400_000L}, {now - 10 * 60_000L, now},
        {oldStart + 7_005_000L, now - 29 * 60_000L}}) {
      TreeMap<Labels, List<Point>> streamed = viaStore(PrometheusStore.DEFAULT_RESPONSE_TYPES, w[0], w[1]);
      assertThat(viaStore(List.of(ReadRequest.ResponseType.SAMPLES), w[0], w[1])).isEqualTo(streamed);
      assertThat(viaQueryRange(w[0], w[1])).isEqualTo(streamed);
    }
  }

  @Test
  void infoReportsTheOldestBlock() {
    assertThat(new PrometheusStore(client, metadata).info().minTime()).isEqualTo(oldStart);
  }
}
