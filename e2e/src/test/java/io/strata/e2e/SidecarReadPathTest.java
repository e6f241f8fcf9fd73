package io.strata.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.strata.block.MetaFetcher;
import io.strata.block.shipper.Shipper;
import io.strata.block.shipper.UploadPreconditions;
import io.strata.e2e.support.Command;
import io.strata.e2e.support.Peers;
import io.strata.e2e.support.PrometheusServer;
import io.strata.httpapi.ReadContext;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.objstore.S3Bucket;
import io.strata.promql.Matrix;
import io.strata.promql.engine.DefaultQueryEngine;
import io.strata.objstore.S3ProxyServer;
import io.strata.promclient.PrometheusClient;
import io.strata.promclient.PrometheusMetadata;
import io.strata.proto.prometheus.Label;
import io.strata.proto.prometheus.Sample;
import io.strata.proto.prometheus.TimeSeries;
import io.strata.proto.prometheus.WriteRequest;
import io.strata.proto.thanos.Series;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.query.StoreQueryable;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreApi;
import io.strata.store.bucket.BlockSyncer;
import io.strata.store.bucket.BucketStore;
import io.strata.store.bucket.BucketStoreConfig;
import io.strata.store.bucket.InMemoryIndexCache;
import io.strata.store.dedup.DedupAlgorithm;
import io.strata.store.prometheus.PrometheusStore;
import io.strata.store.proxy.ProxyStore;
import io.strata.store.proxy.StoreRef;
import io.strata.tsdb.chunkenc.ValueType;
import io.strata.tsdb.chunks.Chunk;
import io.strata.tsdb.querier.SeriesSampleIterator;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The sidecar's two halves with the read path between them, against a real Prometheus 2.42 (1m blocks) and a
 * real S3 server: history made by promtool is backfilled into the running Prometheus, recent data is
 * remote-written into its head (from which Prometheus cuts 1m blocks at once), the shipper uploads both kinds of
 * block, a bucket store serves them from S3, the sidecar's store serves Prometheus by remote read, and a proxy over
 * both must hand back exactly the raw samples Prometheus itself returns for the whole range — and, through the
 * querier's PromQL read path, the same range-query answers.
 */
class SidecarReadPathTest {
  static final Labels EXT = Labels.of("cluster", "local", "replica", "0");
  static final long STEP = 15_000;
  static final ObjectMapper JSON = new ObjectMapper();

  /** A sample; the value as raw bits so that equality is exact. */
  record P(long t, long bits) {
    @Override
    public String toString() {
      return t + "=" + Double.longBitsToDouble(bits);
    }
  }

  @Test
  void proxyOverBucketAndSidecarMatchesPrometheus(@TempDir Path tmp) throws Exception {
    Path prometheusBin = Peers.require("prometheus");
    Path promtool = Peers.require("promtool");
    long now = System.currentTimeMillis() / STEP * STEP;
    long histStart = (now - 12 * 3_600_000L) / 7_200_000L * 7_200_000L;
    long histEnd = histStart + 6 * 3_600_000L;

    Path om = tmp.resolve("history.om");
    try (Writer w = Files.newBufferedWriter(om)) {
      w.write("# HELP e2e_metric Sidecar read-path data.\n# TYPE e2e_metric gauge\n");
      for (int s = 0; s < 20; s++) {
        for (long t = histStart; t < histEnd; t += STEP) {
          w.write("e2e_metric{series=\"" + s + "\"} " + (s * 1.5 + Math.sin(t / 1e6)) + " " + t / 1000 + "\n");
        }
      }
      w.write("# EOF\n");
    }
    Command.check(tmp, Duration.ofMinutes(2), List.of(promtool.toString(), "tsdb", "create-blocks-from",
        "openmetrics", om.toString(), tmp.resolve("backfill").toString()));

    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    String config = "global:\n  external_labels:\n    cluster: local\n    replica: \"0\"\n";
    try (PrometheusServer prometheus = PrometheusServer.start(prometheusBin, data, config,
            List.of("--storage.tsdb.min-block-duration=1m", "--storage.tsdb.max-block-duration=1m",
                "--web.enable-remote-write-receiver"));
        S3ProxyServer s3 = S3ProxyServer.startTransient();
        S3Bucket bucket = new S3Bucket(s3.config(s3.createBucket("sidecar")).build())) {
      // Backfill into the running Prometheus, and recent samples into its head.
      List<String> blocks = new ArrayList<>();
      try (Stream<Path> s = Files.list(tmp.resolve("backfill"))) {
        for (Path b : s.sorted().toList()) {
          copyTree(b, data.resolve(b.getFileName()));
          blocks.add(b.getFileName().toString());
        }
      }
      remoteWrite(prometheus.url(), now - 30 * 60_000L, now);

      PrometheusClient client = new PrometheusClient(URI.create(prometheus.url()), Duration.ofSeconds(30));
      PrometheusMetadata metadata = new PrometheusMetadata(client);
      assertThat(metadata.awaitExternalLabels(Duration.ofSeconds(30), Duration.ofMillis(200))).isEqualTo(EXT);
      UploadPreconditions.verify(client, Duration.ofSeconds(30), Duration.ofMillis(200));

      Shipper shipper = new Shipper(data, bucket, metadata::externalLabels, Shipper.Options.sidecar(false),
          Clock.systemUTC(), new SimpleMeterRegistry());
      // The backfill goes up, and so do the 1m blocks Prometheus cuts from the remote-written head.
      assertThat(shipper.sync().uploadedIds()).containsAll(blocks);

      // Prometheus picks up backfilled blocks on its next reload (about a minute).
      long deadline = System.nanoTime() + Duration.ofSeconds(100).toNanos();
      while (client.lowestTimestamp() > histStart && System.nanoTime() < deadline) {
        Thread.sleep(1000);
      }
      assertThat(client.lowestTimestamp()).as("Prometheus loaded the backfill").isEqualTo(histStart);
      metadata.refresh();
      shipper.sync();
      Map<String, io.strata.block.BucketBlock> shipped = new MetaFetcher(bucket).fetch().blocks();
      assertThat(shipped).containsKeys(blocks.toArray(String[]::new));
      assertThat(shipped.keySet()).as("blocks Prometheus cut itself").hasSizeGreaterThan(blocks.size());
      assertThat(shipped.values()).allSatisfy(b -> {
        assertThat(b.meta().compaction().level()).isEqualTo(1);
        assertThat(b.meta().thanos().labels()).isEqualTo(EXT.toMap());
      });
      assertThat(shipper.allUploaded()).isTrue();

      BucketStoreConfig cfg = BucketStoreConfig.builder(tmp.resolve("store-gateway"))
          .consistencyDelay(Duration.ZERO).build();
      try (BlockSyncer syncer = new BlockSyncer(bucket, cfg, new SimpleMeterRegistry(), Clock.systemUTC());
          BucketStore gateway = new BucketStore(syncer, new InMemoryIndexCache(8 << 20, new SimpleMeterRegistry()),
              cfg, new SimpleMeterRegistry(), Clock.systemUTC())) {
        syncer.sync();
        PrometheusStore sidecar = new PrometheusStore(client, metadata);
        ProxyStore querier = new ProxyStore(() -> List.of(StoreRef.of("store-gateway", gateway),
            StoreRef.of("sidecar", sidecar)));

        TreeMap<Labels, List<P>> expected = prometheusRaw(prometheus.url(), histStart, now);
        assertThat(expected).hasSize(20);
        assertThat(samples(querier, histStart, now)).isEqualTo(expected);
        // Each half alone: the gateway has the whole history (and what was cut from the head since), the sidecar
        // everything.
        TreeMap<Labels, List<P>> fromGateway = samples(gateway, histStart, now);
        assertThat(restrict(fromGateway, histStart, histEnd - 1)).isEqualTo(restrict(expected, histStart, histEnd - 1));
        fromGateway.forEach((l, points) -> assertThat(expected.get(l)).containsAll(points));
        assertThat(samples(sidecar, histStart, now)).isEqualTo(expected);
        // A window across the gap between history and head.
        assertThat(samples(querier, histEnd - 3_600_000L, now - 20 * 60_000L))
            .isEqualTo(restrict(expected, histEnd - 3_600_000L, now - 20 * 60_000L));

        // PromQL through the querier's read path (StoreQueryable over the proxy) against Prometheus's own
        // query_range. Steps sit 7 s off the 15 s sample grid, so no sample lies on a window edge (Prometheus 2.42
        // closes range windows on the left, the 3.x semantics Strata follows open them).
        StoreQueryable queryable = StoreQueryable.over(querier, DedupAlgorithm.PENALTY);
        DefaultQueryEngine engine = new DefaultQueryEngine();
        long start = histStart + 7_000;
        for (String expr : List.of("e2e_metric", "delta(e2e_metric[5m])", "avg_over_time(e2e_metric[5m])",
            "sum by (series) (e2e_metric)",
            "max(max_over_time(e2e_metric[10m]))")) {
          Matrix ours = (Matrix) engine.range(queryable.queryable(new ReadContext(false, List.of(), true, 0,
              List.of())), expr, start, now, 60_000, null).exec().value();
          TreeMap<Labels, List<P>> theirs = prometheusRange(prometheus.url(), expr, start, now);
          assertThat(ours.series()).as(expr).hasSize(theirs.size()).isNotEmpty();
          for (io.strata.promql.Series s : ours.series()) {
            List<P> want = theirs.get(s.metric());
            assertThat(want).as("%s %s", expr, s.metric()).isNotNull().hasSize(s.size());
            for (int i = 0; i < s.size(); i++) {
              assertThat(s.timestamps()[i]).isEqualTo(want.get(i).t());
              assertThat(s.values()[i]).as("%s %s at %d", expr, s.metric(), s.timestamps()[i])
                  .isCloseTo(Double.longBitsToDouble(want.get(i).bits()), within(1e-9));
            }
          }
        }
      }
    }
  }

  private static void remoteWrite(String url, long from, long to) throws Exception {
    WriteRequest.Builder w = WriteRequest.newBuilder();
    for (int s = 0; s < 20; s++) {
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

  /**
   * Prometheus's {@code query_range} answer, labelled as Strata's querier serves it: series that keep their labels
   * carry the external labels (the StoreAPI attaches them), aggregates without them do not.
   */
  private static TreeMap<Labels, List<P>> prometheusRange(String url, String expr, long start, long end)
      throws Exception {
    String q = "query=" + java.net.URLEncoder.encode(expr, java.nio.charset.StandardCharsets.UTF_8) + "&start="
        + start / 1000.0 + "&end=" + end / 1000.0 + "&step=60";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
        + "/api/v1/query_range?" + q)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
      Labels.Builder b = Labels.builder();
      s.path("metric").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
      if (!expr.startsWith("sum") && !expr.startsWith("max")) {
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

  /** Raw samples as Prometheus returns them ({@code e2e_metric[range]}), labelled as the StoreAPI serves them. */
  private static TreeMap<Labels, List<P>> prometheusRaw(String url, long from, long to) throws Exception {
    String q = "query=" + java.net.URLEncoder.encode("e2e_metric[" + ((to - from) / 1000 + 1) + "s]",
        java.nio.charset.StandardCharsets.UTF_8) + "&time=" + to / 1000.0;
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
        + "/api/v1/query?" + q)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    for (JsonNode s : JSON.readTree(r.body()).path("data").path("result")) {
      Labels.Builder b = Labels.builder();
      s.path("metric").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
      EXT.forEach(b::set);
      List<P> points = new ArrayList<>();
      for (JsonNode v : s.path("values")) {
        points.add(new P(Math.round(v.get(0).asDouble() * 1000),
            Double.doubleToRawLongBits(Double.parseDouble(v.get(1).asText()))));
      }
      out.put(b.build(), points);
    }
    return out;
  }

  private static TreeMap<Labels, List<P>> restrict(TreeMap<Labels, List<P>> all, long from, long to) {
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    for (Map.Entry<Labels, List<P>> e : all.entrySet()) {
      List<P> p = e.getValue().stream().filter(x -> x.t() >= from && x.t() <= to).toList();
      if (!p.isEmpty()) {
        out.put(e.getKey(), p);
      }
    }
    return out;
  }

  /** A Series call's samples in [from, to], overlapping chunks (bucket and sidecar) merged by timestamp. */
  private static TreeMap<Labels, List<P>> samples(StoreApi store, long from, long to) {
    SeriesRequest req = SeriesRequest.newBuilder().setMinTime(from).setMaxTime(to)
        .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "e2e_metric")))).build();
    TreeMap<Labels, List<P>> out = new TreeMap<>();
    try (CloseableIterator<SeriesResponse> it = store.series(req)) {
      while (it.hasNext()) {
        SeriesResponse r = it.next();
        assertThat(r.hasWarning()).as(r.getWarning()).isFalse();
        Series s = r.getSeries();
        List<Chunk> chunks = new ArrayList<>();
        s.getChunksList().forEach(c -> chunks.add(ProtoConversions.toTsdbChunk(c)));
        SeriesSampleIterator sit = new SeriesSampleIterator(from, to).reset(chunks, List.of());
        List<P> points = new ArrayList<>();
        while (sit.next() == ValueType.FLOAT) {
          points.add(new P(sit.atT(), Double.doubleToRawLongBits(sit.atValue())));
        }
        Labels l = ProtoConversions.labels(s.getLabelsList());
        assertThat(out).as("series %s sent twice", l).doesNotContainKey(l);
        out.put(l, points);
      }
    }
    return out;
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path dst = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst);
        }
      }
    }
  }
}
