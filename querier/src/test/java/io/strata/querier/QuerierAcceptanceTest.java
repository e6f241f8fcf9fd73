package io.strata.querier;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.strata.model.Labels;
import io.strata.server.GrpcServer;
import io.strata.server.Readiness;
import io.strata.store.StoreApi;
import io.strata.store.StoreApiAcceptanceTest;
import io.strata.store.TestSeries;
import io.strata.store.grpc.GrpcStoreClient;
import io.strata.store.tsdb.TsdbStoreTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The StoreAPI acceptance suite against the querier's own StoreAPI, as a global querier sees it: two replicas
 * ({@code replica="r1"|"r2"}) served over gRPC, a querier application over both, reached over gRPC on 127.0.0.1.
 */
class QuerierAcceptanceTest extends StoreApiAcceptanceTest {
  @Override
  protected StoreApi createStore(List<TestSeries> data, Labels externalLabels, Path dir) throws Exception {
    StoreServers servers = closeAfterAll(new StoreServers());
    List<String> args = new ArrayList<>(List.of("--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0"));
    for (String replica : List.of("r1", "r2")) {
      Labels ext = externalLabels.toBuilder().set("replica", replica).build();
      StoreApi leaf = TsdbStoreTestSupport.open(data, ext, Files.createDirectories(dir.resolve(replica)),
          this::closeAfterAll);
      args.add("--endpoint=" + servers.serve(leaf));
    }
    ConfigurableApplicationContext ctx = closeAfterAll(QuerierApplication.start(args.toArray(new String[0])));
    Readiness readiness = ctx.getBean(Readiness.class);
    long until = System.currentTimeMillis() + 30_000;
    while (!readiness.ready() && System.currentTimeMillis() < until) {
      Thread.sleep(20);
    }
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", ctx.getBean(GrpcServer.class).port())
        .usePlaintext().maxInboundMessageSize(Integer.MAX_VALUE).build();
    closeAfterAll(() -> ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return new GrpcStoreClient(ch, "querier", Duration.ofSeconds(30));
  }
}
