package io.strata.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strata.block.BlockFiles;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.objstore.FilesystemBucket;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.server.GrpcServer;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreInfo;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.store.grpc.GrpcStoreClient;
import io.strata.testing.RealPrometheus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The sidecar started as {@code bin/strata sidecar} starts it, next to a real Prometheus 2.42. */
class SidecarApplicationTest {
  private static final long T0 = 1_700_006_400_000L;
  private static final Labels EXT = Labels.of("cluster", "local", "replica", "0");
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void servesPrometheusOverTheStoreApiAndShipsItsBlocks() throws Exception {
    Path data = dir.resolve("prometheus");
    TestSeries s = TestSeries.of(Labels.of("__name__", "up", "job", "api"), T0, 15_000, 480, t -> t / 1000.0);
    Path block = TestBlocks.writeBlock(data, List.of(s), Labels.EMPTY);
    Path bucketDir = dir.resolve("bucket");
    try (RealPrometheus prometheus = RealPrometheus.start(data, RealPrometheus.config("cluster: local",
            "replica: \"0\""), List.of("--storage.tsdb.min-block-duration=1m", "--storage.tsdb.max-block-duration=1m"));
        ConfigurableApplicationContext ctx = SidecarApplication.start(
            "--http-address=127.0.0.1:0", "--grpc-address", "127.0.0.1:0",
            "--tsdb.path=" + data, "--prometheus.url=" + prometheus.uri(), "--prometheus.get_config_interval=1s",
            "--objstore.config={type: FILESYSTEM, config: {directory: " + bucketDir + "}}")) {
      int httpPort = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      int grpcPort = ctx.getBean(GrpcServer.class).port();
      assertThat(get(httpPort, "/-/healthy").statusCode()).isEqualTo(200);
      assertThat(get(httpPort, "/-/ready").statusCode()).isEqualTo(200);

      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        GrpcStoreClient client = new GrpcStoreClient(ch, "sidecar", Duration.ofSeconds(10));
        StoreInfo info = client.refreshInfo();
        assertThat(info.componentType()).isEqualTo("sidecar");
        assertThat(info.labelSets()).containsExactly(EXT);
        assertThat(info.minTime()).isEqualTo(T0);
        assertThat(info.maxTime()).isEqualTo(Long.MAX_VALUE);
        int samples = 0;
        try (CloseableIterator<SeriesResponse> it = client.series(SeriesRequest.newBuilder()
            .setMinTime(T0).setMaxTime(T0 + 7_200_000)
            .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "up")))).build())) {
          while (it.hasNext()) {
            SeriesResponse r = it.next();
            if (r.hasSeries()) {
              assertThat(ProtoConversions.labels(r.getSeries().getLabelsList()))
                  .isEqualTo(Labels.of("__name__", "up", "cluster", "local", "job", "api", "replica", "0"));
              samples += r.getSeries().getChunksList().stream()
                  .mapToInt(c -> io.strata.tsdb.chunkenc.XorChunk.numSamples(c.getRaw().getData().toByteArray()))
                  .sum();
            }
          }
        }
        assertThat(samples).isEqualTo(480);
      } finally {
        ch.shutdownNow();
      }

      FilesystemBucket bucket = new FilesystemBucket(bucketDir);
      String id = block.getFileName().toString();
      await(() -> {
        try {
          return bucket.exists(BlockFiles.meta(id));
        } catch (Exception e) {
          return false;
        }
      }, "the block to be shipped");
      assertThat(get(httpPort, "/metrics").body()).containsPattern("(?m)^strata_shipper_uploads_total 1\\.0");
    }
  }

  @Test
  void refusesToStartWithoutExternalLabels() throws Exception {
    try (RealPrometheus prometheus = RealPrometheus.start(dir.resolve("p1"), RealPrometheus.config(), List.of())) {
      assertThatThrownBy(() -> SidecarApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
          "--prometheus.url=" + prometheus.uri(), "--tsdb.path=" + dir.resolve("p1")).close())
          .rootCause()
          .hasMessageContaining("no external labels are configured on Prometheus at " + prometheus.uri())
          .hasMessageContaining("external_labels:");
    }
  }

  @Test
  void refusesToUploadFromAPrometheusThatCompacts() throws Exception {
    try (RealPrometheus prometheus = RealPrometheus.start(dir.resolve("p2"), RealPrometheus.config("cluster: x"),
        List.of("--storage.tsdb.min-block-duration=2h", "--storage.tsdb.max-block-duration=1d"))) {
      assertThatThrownBy(() -> SidecarApplication.start("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
          "--prometheus.url=" + prometheus.uri(), "--tsdb.path=" + dir.resolve("p2"),
          "--objstore.config={type: FILESYSTEM, config: {directory: '" + dir.resolve("b") + "'}}").close())
          .rootCause()
          .hasMessageContaining("refusing to upload blocks")
          .hasMessageContaining("--storage.tsdb.max-block-duration=1d");
    }
  }
}
