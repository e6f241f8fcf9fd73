package io.strata.storegateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strata.block.BlockUploader;
import io.strata.model.LabelMatcher;
import io.strata.model.Labels;
import io.strata.objstore.FilesystemBucket;
import io.strata.proto.thanos.LabelValuesRequest;
import io.strata.proto.thanos.SeriesRequest;
import io.strata.proto.thanos.SeriesResponse;
import io.strata.server.GrpcServer;
import io.strata.store.CloseableIterator;
import io.strata.store.ProtoConversions;
import io.strata.store.StoreException;
import io.strata.store.StoreInfo;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.store.grpc.GrpcStoreClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The store gateway started as {@code bin/strata store} starts it, over a filesystem bucket. */
class StoreGatewayApplicationTest {
  private static final long T0 = 1_700_006_400_000L;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private Path upload(FilesystemBucket bucket, String metric, Map<String, String> external) throws Exception {
    TestSeries s = TestSeries.of(Labels.of("__name__", metric, "job", "api"), T0, 15_000, 480, t -> t / 1000.0);
    Path block = TestBlocks.writeBlock(dir.resolve("local"), List.of(s), Labels.EMPTY);
    new BlockUploader(bucket, Clock.systemUTC()).upload(block, external, "test");
    return block;
  }

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
  void servesTheBucketOverTheStoreApiAndPicksUpNewBlocks() throws Exception {
    Path bucketDir = dir.resolve("bucket");
    FilesystemBucket bucket = new FilesystemBucket(bucketDir);
    upload(bucket, "up", Map.of("cluster", "eu"));
    try (ConfigurableApplicationContext ctx = StoreGatewayApplication.start(
        "--http-address=127.0.0.1:0", "--grpc-address", "127.0.0.1:0",
        "--objstore.config={type: FILESYSTEM, config: {directory: " + bucketDir + "}}",
        "--data-dir=" + dir.resolve("data"), "--sync-block-duration=1s")) {
      int httpPort = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      int grpcPort = ctx.getBean(GrpcServer.class).port();
      assertThat(get(httpPort, "/-/healthy").statusCode()).isEqualTo(200);
      await(() -> {
        try {
          return get(httpPort, "/-/ready").statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      }, "readiness after the first sync");

      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
      try {
        GrpcStoreClient client = new GrpcStoreClient(ch, "store", Duration.ofSeconds(10));
        StoreInfo info = client.refreshInfo();
        assertThat(info.componentType()).isEqualTo("store");
        assertThat(info.labelSets()).containsExactly(Labels.of("cluster", "eu"));
        assertThat(info.minTime()).isEqualTo(T0);
        int series = 0;
        try (CloseableIterator<SeriesResponse> it = client.series(SeriesRequest.newBuilder()
            .setMinTime(T0).setMaxTime(T0 + 3_600_000)
            .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "up")))).build())) {
          while (it.hasNext()) {
            SeriesResponse r = it.next();
            if (r.hasSeries()) {
              series++;
              assertThat(ProtoConversions.labels(r.getSeries().getLabelsList()))
                  .isEqualTo(Labels.of("__name__", "up", "cluster", "eu", "job", "api"));
            }
          }
        }
        assertThat(series).isEqualTo(1);

        // A block uploaded while running is served after the next sync, without a restart.
        upload(bucket, "requests_total", Map.of("cluster", "us"));
        await(() -> client.refreshInfo().labelSets().size() == 2, "the new block to be loaded");
        assertThat(client.labelValues(LabelValuesRequest.newBuilder().setLabel("__name__")
            .setStart(T0).setEnd(T0 + 3_600_000).build()).getValuesList()).containsExactly("requests_total", "up");
      } finally {
        ch.shutdownNow();
      }

      String metrics = get(httpPort, "/metrics").body();
      assertThat(metrics).contains("strata_bucket_store_blocks_loaded 2.0").contains("jvm_memory_used_bytes");
      assertThat(metrics).containsPattern("(?m)^strata_bucket_store_syncs_total [1-9]");
    }
  }

  @Test
  void requestLimitsFailCallsWithResourceExhausted() throws Exception {
    Path bucketDir = dir.resolve("bucket");
    FilesystemBucket bucket = new FilesystemBucket(bucketDir);
    upload(bucket, "up", Map.of("cluster", "eu"));
    upload(bucket, "up", Map.of("cluster", "us"));
    try (ConfigurableApplicationContext ctx = StoreGatewayApplication.start(
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0", "--store.limits.request-series=1",
        "--objstore.config={type: FILESYSTEM, config: {directory: " + bucketDir + "}}",
        "--data-dir=" + dir.resolve("data"))) {
      int httpPort = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      await(() -> {
        try {
          return get(httpPort, "/-/ready").statusCode() == 200;
        } catch (Exception e) {
          return false;
        }
      }, "readiness after the first sync");
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", ctx.getBean(GrpcServer.class).port())
          .usePlaintext().build();
      try {
        GrpcStoreClient client = new GrpcStoreClient(ch, "store", Duration.ofSeconds(10));
        SeriesRequest req = SeriesRequest.newBuilder().setMinTime(T0).setMaxTime(T0 + 3_600_000)
            .addAllMatchers(ProtoConversions.toProto(List.of(LabelMatcher.equal("__name__", "up")))).build();
        assertThatThrownBy(() -> {
          try (CloseableIterator<SeriesResponse> it = client.series(req)) {
            while (it.hasNext()) {
              it.next();
            }
          }
        }).isInstanceOf(StoreException.class)
            .satisfies(e -> assertThat(((StoreException) e).code()).isEqualTo(StoreException.Code.RESOURCE_EXHAUSTED))
            .hasMessageContaining("limit");
      } finally {
        ch.shutdownNow();
      }
    }
  }

  @Test
  void notReadyWhileTheBucketCannotBeListed() throws Exception {
    // An S3 endpoint where nothing listens: the first sync cannot complete.
    try (ConfigurableApplicationContext ctx = StoreGatewayApplication.start(
        "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0",
        "--objstore.config={type: S3, config: {bucket: b, endpoint: '127.0.0.1:1', insecure: true, "
            + "access_key: a, secret_key: s, region: us-east-1}}",
        "--data-dir=" + dir.resolve("data"))) {
      int httpPort = ((WebServerApplicationContext) ctx).getWebServer().getPort();
      assertThat(get(httpPort, "/-/healthy").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(httpPort, "/-/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("first block sync");
    }
  }
}
