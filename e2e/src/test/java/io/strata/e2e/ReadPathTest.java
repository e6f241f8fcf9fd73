package io.strata.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.strata.block.BlockUploader;
import io.strata.e2e.support.ApiClient;
import io.strata.e2e.support.Command;
import io.strata.e2e.support.PrometheusServer;
import io.strata.e2e.support.ResultComparison;
import io.strata.model.Labels;
import io.strata.objstore.S3Bucket;
import io.strata.objstore.S3ProxyServer;
import io.strata.querier.QuerierApplication;
import io.strata.server.GrpcServer;
import io.strata.store.CloseableIterator;
import io.strata.store.StoreApi;
import io.strata.store.StoreInfo;
import io.strata.store.grpc.InfoGrpcService;
import io.strata.store.grpc.StoreGrpcService;
import io.strata.storegateway.StoreGatewayApplication;
import io.strata.testing.Peers;
import io.strata.tools.openmetrics.OpenMetricsGenerator;
import io.strata.tsdb.block.BlockMetaCodec;
import io.strata.tsdb.block.LocalBlock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The read path end to end: two HA replicas' blocks (made by promtool, each with a different gap) in a real S3
 * server, a store gateway and a deduplicating querier started as applications on loopback ports, and the same data
 * (without gaps) served by a real Prometheus 2.42. The querier must answer like Prometheus with {@code dedup=true},
 * show both replicas with {@code dedup=false}, answer the same through a second, global querier, serve Grafana's
 * requests, and keep answering with a warning when an endpoint is down or slow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadPathTest {
  /** 2023-11-14T22:00:00Z; samples carry millisecond jitter, so they never sit on query steps. */
  static final long START = 1_700_000_000_000L - 1_700_000_000_000L % 7_200_000L;
  static final long HOURS = 6;
  static final long END = START + HOURS * 3_600_000L;
  static final long GAP_A_FROM = START + 3_600_000L;
  static final long GAP_A_TO = GAP_A_FROM + 30 * 60_000L;
  static final long GAP_B_FROM = START + 3 * 3_600_000L;
  static final long GAP_B_TO = GAP_B_FROM + 20 * 60_000L;

  Path tmp;
  S3ProxyServer s3;
  PrometheusServer prometheus;
  ConfigurableApplicationContext storeGateway;
  ConfigurableApplicationContext querier;
  ConfigurableApplicationContext globalQuerier;
  ConfigurableApplicationContext faultyQuerier;
  Server slowStore;
  ApiClient prom;
  ApiClient q;
  ApiClient global;
  ApiClient faulty;
  ApiClient gatewayHttp;

  @BeforeAll
  void startEverything(@TempDir Path dir) throws Exception {
    tmp = dir;
    Path promtool = Peers.require("promtool");
    Path prometheusBin = Peers.require("prometheus");
    StringWriter om = new StringWriter();
    new OpenMetricsGenerator(START, END - START, 30_000, 1, 7).write(om);
    String full = om.toString();
    Path replicaA = blocks(promtool, "replica-a", filter(full, t -> t < GAP_A_FROM || t >= GAP_A_TO, false));
    Path replicaB = blocks(promtool, "replica-b", filter(full, t -> t < GAP_B_FROM || t >= GAP_B_TO, false));
    Path truth = blocks(promtool, "prometheus", filter(full, t -> true, true));

    s3 = S3ProxyServer.startTransient();
    String bucketName = s3.createBucket("e2e-read");
    try (S3Bucket bucket = new S3Bucket(s3.config(bucketName).build())) {
      BlockUploader up = new BlockUploader(bucket, Clock.systemUTC());
      for (Path b : LocalBlock.blockDirs(replicaA)) {
        up.upload(b, Map.of("cluster", "eu1", "replica", "a"), "sidecar");
      }
      for (Path b : LocalBlock.blockDirs(replicaB)) {
        up.upload(b, Map.of("cluster", "eu1", "replica", "b"), "sidecar");
      }
      uploadCorruptBlock(bucket, LocalBlock.blockDirs(replicaA).get(0));
    }
    String objstore = "type: S3\nconfig:\n  bucket: " + bucketName + "\n  endpoint: " + s3.endpoint().getHost() + ":"
        + s3.endpoint().getPort() + "\n  access_key: " + S3ProxyServer.ACCESS_KEY + "\n  secret_key: "
        + S3ProxyServer.SECRET_KEY + "\n  insecure: true\n";

    storeGateway = StoreGatewayApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--data-dir=" + tmp.resolve("store-gateway"), "--objstore.config=" + objstore);
    gatewayHttp = new ApiClient("http://127.0.0.1:" + httpPort(storeGateway));
    awaitReady(gatewayHttp);
    querier = QuerierApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--endpoint=127.0.0.1:" + grpcPort(storeGateway), "--query.replica-label=replica");
    q = new ApiClient("http://127.0.0.1:" + httpPort(querier));
    awaitReady(q);
    globalQuerier = QuerierApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--endpoint=127.0.0.1:" + grpcPort(querier), "--query.replica-label=replica");
    global = new ApiClient("http://127.0.0.1:" + httpPort(globalQuerier));
    awaitReady(global);

    slowStore = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new StoreGrpcService(new SlowStore())).addService(new InfoGrpcService(new SlowStore())).build()
        .start();
    int deadPort = PrometheusServer.freePort();
    faultyQuerier = QuerierApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--endpoint=127.0.0.1:" + grpcPort(storeGateway), "--endpoint=127.0.0.1:" + deadPort,
        "--endpoint=127.0.0.1:" + slowStore.getPort(), "--store.response-timeout=2s", "--query.replica-label=replica");
    faulty = new ApiClient("http://127.0.0.1:" + httpPort(faultyQuerier));

    prometheus = PrometheusServer.start(prometheusBin, truth, "global: {}\n", List.of());
    prom = new ApiClient(prometheus.url());
  }

  @AfterAll
  void stopEverything() throws Exception {
    for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {faultyQuerier, globalQuerier,
        querier, storeGateway}) {
      if (c != null) {
        c.close();
      }
    }
    if (slowStore != null) {
      slowStore.shutdownNow();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** The generated file restricted to samples whose time passes {@code keep}; optionally with cluster="eu1". */
  private static String filter(String om, LongPredicate keep, boolean addCluster) throws Exception {
    StringBuilder out = new StringBuilder(om.length());
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(om))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("#")) {
          String ts = line.substring(line.lastIndexOf(' ') + 1);
          if (!keep.test((long) (Double.parseDouble(ts) * 1000))) {
            continue;
          }
          if (addCluster) {
            int brace = line.indexOf('{');
            line = line.substring(0, brace + 1) + "cluster=\"eu1\"," + line.substring(brace + 1);
          }
        }
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private Path blocks(Path promtool, String name, String om) throws Exception {
    Path file = tmp.resolve(name + ".om");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(om);
    }
    Path out = tmp.resolve(name);
    Command.check(tmp, Duration.ofMinutes(3), List.of(promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
        file.toString(), out.toString()));
    return out;
  }

  /** A copy of a block under a new ULID whose index is cut short: the gateway must skip it and say so. */
  private static void uploadCorruptBlock(S3Bucket bucket, Path good) throws Exception {
    String id = io.strata.model.Ulid.generate(System.currentTimeMillis()).toString();
    Path copy = good.resolveSibling(id);
    try (Stream<Path> s = Files.walk(good)) {
      for (Path p : s.toList()) {
        Path d = copy.resolve(good.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(d);
        } else {
          Files.copy(p, d);
        }
      }
    }
    byte[] index = Files.readAllBytes(copy.resolve("index"));
    Files.write(copy.resolve("index"), java.util.Arrays.copyOf(index, index.length / 2));
    Files.writeString(copy.resolve("meta.json"), Files.readString(copy.resolve("meta.json"))
        .replace(good.getFileName().toString(), id));
    BlockMetaCodec.read(copy);
    new BlockUploader(bucket, Clock.systemUTC()).upload(copy, Map.of("cluster", "eu1", "replica", "a"), "sidecar");
  }

  private static int httpPort(ConfigurableApplicationContext c) {
    return ((WebServerApplicationContext) c).getWebServer().getPort();
  }

  private static int grpcPort(ConfigurableApplicationContext c) {
    return c.getBean(GrpcServer.class).port();
  }

  private static void awaitReady(ApiClient c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (c.get("/-/ready").status() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(c.base() + " not ready within 60 s");
  }

  static String secs(long ms) {
    return Double.toString(ms / 1000.0);
  }

  static final List<String> RANGE_QUERIES = List.of(
      "http_requests_total{code=\"500\",method=\"GET\"}",
      "rate(http_requests_total{job=\"api-1\"}[5m])",
      "increase(http_requests_total{code=\"200\",job=\"api-2\"}[30m])",
      "sum by (job) (rate(http_requests_total[10m]))",
      "histogram_quantile(0.9, sum by (le, handler) (rate(request_duration_seconds_bucket[10m])))",
      "node_memory_bytes{type=\"free\"}",
      "max_over_time(node_memory_bytes{type=\"cached\"}[15m])",
      "count(many_values)",
      "many_values{id=~\"00000[0-4]\"}");

  static final List<String[]> INSTANT_QUERIES = List.of(
      new String[] {"http_requests_total{job=\"api-0\",code=\"404\"}", secs(GAP_A_FROM + 10 * 60_000L)},
      new String[] {"node_memory_bytes{instance=\"node-3\"}", secs(GAP_B_FROM + 5 * 60_000L)},
      new String[] {"sum(rate(http_requests_total[5m]))", secs(GAP_A_TO + 60_000L)},
      new String[] {"topk(3, max by (instance) (node_memory_bytes))", secs(END - 3_600_000L)},
      new String[] {"request_duration_seconds_count{handler=\"/api\"}[10m]", secs(GAP_B_FROM + 7 * 60_000L)});

  /**
   * Range queries start 40 minutes in: windows holding a counter's very first samples extrapolate differently
   * in Prometheus 2.42 (the reference here) and 3.x (what the engine implements), see PromqlDifferentialTest.
   */
  private static String[] rangeParams(String query) {
    return new String[] {"query", query, "start", secs(START + 40 * 60_000L), "end", secs(END - 10 * 60_000L), "step",
        "60"};
  }

  @Test
  void dedupedQuerierAnswersLikePrometheus() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String query : RANGE_QUERIES) {
      String[] p = rangeParams(query);
      ApiClient.Response want = prom.get("/api/v1/query_range", p);
      ApiClient.Response got = q.get("/api/v1/query_range", p);
      assertThat(want.status()).as(want.body()).isEqualTo(200);
      assertThat(got.status()).as("%s: %s", query, got.body()).isEqualTo(200);
      assertThat(want.json().path("data").path("result").size()).as(query).isPositive();
      ResultComparison.differences(want.json(), got.json(), 1e-9).forEach(d -> problems.add(query + ": " + d));
    }
    for (String[] iq : INSTANT_QUERIES) {
      ApiClient.Response want = prom.get("/api/v1/query", "query", iq[0], "time", iq[1]);
      ApiClient.Response got = q.get("/api/v1/query", "query", iq[0], "time", iq[1]);
      assertThat(got.status()).as("%s: %s", iq[0], got.body()).isEqualTo(200);
      assertThat(want.json().path("data").path("result").size()).as(iq[0]).isPositive();
      ResultComparison.differences(want.json(), got.json(), 1e-9).forEach(d -> problems.add(iq[0] + ": " + d));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void withoutDedupBothReplicasShowUpWithTheirLabel() throws Exception {
    String query = "http_requests_total{job=\"api-0\",code=\"404\",method=\"GET\"}";
    String at = secs(START + 30 * 60_000L);
    ApiClient.Response deduped = q.get("/api/v1/query", "query", query, "time", at);
    ApiClient.Response raw = q.get("/api/v1/query", "query", query, "time", at, "dedup", "false");
    JsonNode dr = deduped.json().path("data").path("result");
    JsonNode rr = raw.json().path("data").path("result");
    assertThat(rr.size()).isEqualTo(2 * dr.size()).isPositive();
    List<String> replicas = new ArrayList<>();
    rr.forEach(s -> replicas.add(s.path("metric").path("replica").asText()));
    assertThat(replicas).containsOnly("a", "b").contains("a", "b");
    dr.forEach(s -> assertThat(s.path("metric").has("replica")).isFalse());
    // Inside replica a's gap only b answers.
    ApiClient.Response inGap = q.get("/api/v1/query", "query", query, "time", secs(GAP_A_FROM + 15 * 60_000L),
        "dedup", "false");
    inGap.json().path("data").path("result").forEach(s -> assertThat(s.path("metric").path("replica").asText())
        .isEqualTo("b"));
  }

  @Test
  void aGlobalQuerierOverTheQuerierAnswersTheSame() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String query : RANGE_QUERIES) {
      String[] p = rangeParams(query);
      ApiClient.Response local = q.get("/api/v1/query_range", p);
      ApiClient.Response viaGlobal = global.get("/api/v1/query_range", p);
      assertThat(viaGlobal.status()).as("%s: %s", query, viaGlobal.body()).isEqualTo(200);
      ResultComparison.differences(local.json(), viaGlobal.json(), 0).forEach(d -> problems.add(query + ": " + d));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void grafanaRequestsSucceed() throws Exception {
    String now = secs(System.currentTimeMillis());
    String start = secs(START);
    String end = secs(END);
    // Save & Test
    ApiClient.Response test = q.post("/api/v1/query", "query", "1+1", "time", now);
    assertThat(test.status()).isEqualTo(200);
    assertThat(test.json().path("data").path("resultType").asText()).isEqualTo("scalar");
    assertThat(test.json().path("data").path("result").get(1).asText()).isEqualTo("2");
    assertThat(q.get("/api/v1/status/buildinfo").json().path("status").asText()).isEqualTo("success");
    assertThat(q.get("/-/healthy").status()).isEqualTo(200);
    // Metric browser, autocomplete, template variables
    assertThat(values(q.get("/api/v1/label/__name__/values", "start", start, "end", end)))
        .contains("http_requests_total", "node_memory_bytes", "request_duration_seconds_bucket");
    assertThat(values(q.post("/api/v1/labels", "start", start, "end", end))).contains("job", "instance", "le", "cluster")
        .doesNotContain("replica");
    assertThat(values(q.get("/api/v1/label/job/values", "match[]", "http_requests_total", "start", start, "end", end,
        "limit", "40000"))).containsExactly("api-0", "api-1", "api-2", "api-3", "api-4");
    ApiClient.Response series = q.post("/api/v1/series", "match[]", "{__name__=\"node_memory_bytes\",type=\"free\"}",
        "start", start, "end", end);
    assertThat(series.json().path("data").size()).isEqualTo(20);
    assertThat(q.get("/api/v1/metadata").json().path("status").asText()).isEqualTo("success");
    // Panels
    ApiClient.Response panel = q.post("/api/v1/query_range", "query", "sum(rate(http_requests_total[5m]))", "start",
        start, "end", end, "step", "120", "timeout", "30s");
    assertThat(panel.status()).isEqualTo(200);
    assertThat(panel.json().path("data").path("result").get(0).path("values").size()).isGreaterThan(100);
    assertThat(q.get("/api/v1/query_exemplars", "query", "http_requests_total", "start", start, "end", end).status())
        .isIn(200, 204);
    assertThat(q.get("/api/v1/format_query", "query", "sum(rate(x[5m]))by(job)").json().path("data").asText())
        .isEqualTo("sum by (job) (rate(x[5m]))");
    // Errors read like Prometheus's
    ApiClient.Response bad = q.get("/api/v1/query", "query", "sum(", "time", now);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("errorType").asText()).isEqualTo("bad_data");
  }

  private static List<String> values(ApiClient.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().path("data").forEach(v -> out.add(v.asText()));
    return out;
  }

  @Test
  void endpointsDownOrSlowGiveWarningsOrErrors() throws Exception {
    String query = "sum(rate(http_requests_total[5m]))";
    String at = secs(START + 30 * 60_000L);
    long t0 = System.nanoTime();
    ApiClient.Response partial = faulty.get("/api/v1/query", "query", query, "time", at);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(partial.status()).as(partial.body()).isEqualTo(200);
    assertThat(partial.json().path("warnings").toString()).contains("127.0.0.1:" + slowStore.getPort());
    assertThat(partial.json().path("warnings").size()).isGreaterThanOrEqualTo(2);
    ApiClient.Response full = q.get("/api/v1/query", "query", query, "time", at);
    assertThat(ResultComparison.differences(full.json(), partial.json(), 0)).isEmpty();

    ApiClient.Response strict = faulty.get("/api/v1/query", "query", query, "time", at, "partial_response", "false");
    assertThat(strict.status()).isGreaterThanOrEqualTo(400);
    assertThat(strict.json().path("status").asText()).isEqualTo("error");
  }

  @Test
  void aCorruptBlockIsSkippedAndCounted() throws Exception {
    String metrics = gatewayHttp.get("/metrics").body();
    double failures = metrics.lines().filter(l -> l.startsWith("strata_bucket_store_block_load_failures_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    assertThat(failures).as(metrics.lines().filter(l -> l.contains("block_load")).toList().toString())
        .isGreaterThanOrEqualTo(1);
    assertThat(gatewayHttp.get("/-/ready").status()).isEqualTo(200);
  }

  /** A store that answers Info at once but takes far longer than the querier's response timeout to send series. */
  static final class SlowStore implements StoreApi {
    @Override
    public StoreInfo info() {
      return new StoreInfo(List.of(Labels.of("cluster", "slow")), Long.MIN_VALUE, Long.MAX_VALUE, true, "store");
    }

    @Override
    public CloseableIterator<io.strata.proto.thanos.SeriesResponse> series(io.strata.proto.thanos.SeriesRequest r) {
      sleep();
      return CloseableIterator.empty();
    }

    @Override
    public io.strata.proto.thanos.LabelNamesResponse labelNames(io.strata.proto.thanos.LabelNamesRequest r) {
      sleep();
      return io.strata.proto.thanos.LabelNamesResponse.getDefaultInstance();
    }

    @Override
    public io.strata.proto.thanos.LabelValuesResponse labelValues(io.strata.proto.thanos.LabelValuesRequest r) {
      sleep();
      return io.strata.proto.thanos.LabelValuesResponse.getDefaultInstance();
    }

    private static void sleep() {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
