package io.strata.storegateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strata.block.BlockUploader;
import io.strata.model.Labels;
import io.strata.objstore.FilesystemBucket;
import io.strata.server.GrpcServer;
import io.strata.server.Readiness;
import io.strata.store.AcceptanceData;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestBlocks;
import io.strata.store.TestSeries;
import io.strata.store.grpc.GrpcStoreClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The StoreAPI acceptance suite against the store gateway as deployed: blocks uploaded to a filesystem bucket,
 * the application started with its flags, the StoreAPI reached over gRPC on 127.0.0.1.
 */
class StoreGatewayAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path junitDir) throws Exception {
    // The suite's directory is per test method; the store lives for the class, and reads its bucket from disk.
    Path dir = Files.createTempDirectory("strata-store-gateway-acceptance");
    closeAfterAll(() -> {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    });
    FilesystemBucket bucket = new FilesystemBucket(dir.resolve("bucket"));
    BlockUploader uploader = new BlockUploader(bucket, Clock.systemUTC());
    for (Path block : TestBlocks.write(dir.resolve("blocks"), data, externalLabels,
        AcceptanceData.T0 - 24 * AcceptanceData.HOUR, AcceptanceData.T0 + 2 * AcceptanceData.HOUR,
        AcceptanceData.T0 + 48 * AcceptanceData.HOUR)) {
      uploader.upload(block, externalLabels.toMap(), "test");
    }
    ConfigurableApplicationContext ctx = closeAfterAll(StoreGatewayApplication.start("--http-address=127.0.0.1:0",
        "--grpc-address=127.0.0.1:0", "--data-dir=" + dir.resolve("data"),
        "--objstore.config={type: FILESYSTEM, config: {directory: " + dir.resolve("bucket") + "}}"));
    Readiness readiness = ctx.getBean(Readiness.class);
    long until = System.currentTimeMillis() + 30_000;
    while (!readiness.ready() && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", ctx.getBean(GrpcServer.class).port())
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build();
    closeAfterAll(() -> ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return new GrpcStoreClient(ch, "store-gateway", Duration.ofSeconds(30));
  }
}
